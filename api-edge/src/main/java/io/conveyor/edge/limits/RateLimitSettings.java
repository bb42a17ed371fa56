package io.conveyor.edge.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token buckets per node: every API request takes one token from its client's bucket and one from its tenant's.
 *
 * @param enabled off: no limits, no headers
 * @param clientCapacity the burst one client (tenant and client id) may send
 * @param clientRefill tokens a client's bucket regains each {@code refillPeriod}
 * @param tenantCapacity the burst all of a tenant's clients together may send
 * @param tenantRefill tokens a tenant's bucket regains each {@code refillPeriod}
 * @param refillPeriod the period of both refills (tokens come back gradually within it)
 * @param maxBuckets buckets kept in memory; the least recently used are forgotten (a forgotten bucket starts full)
 */
@ConfigurationProperties("conveyor.rate-limit")
public record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100") int clientCapacity,
        @DefaultValue("50") int clientRefill,
        @DefaultValue("500") int tenantCapacity,
        @DefaultValue("250") int tenantRefill,
        @DefaultValue("1s") Duration refillPeriod,
        @DefaultValue("100000") int maxBuckets) {

    public RateLimitSettings {
        if (clientCapacity < 1 || clientRefill < 1 || tenantCapacity < 1 || tenantRefill < 1) {
            throw new IllegalArgumentException("conveyor.rate-limit capacities and refills must be at least 1");
        }
        if (refillPeriod.isNegative() || refillPeriod.isZero()) {
            throw new IllegalArgumentException("conveyor.rate-limit.refill-period must be positive");
        }
    }
}
