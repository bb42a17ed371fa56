package io.conveyor.edge.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code Idempotency-Key} on command requests.
 *
 * @param ttl how long a key's first response is kept and replayed
 * @param lock how long a request may run before another one with its key may take over (a node that died mid-request
 *     leaves its key locked at most this long)
 */
@ConfigurationProperties("conveyor.idempotency")
public record IdempotencySettings(
        @DefaultValue("24h") Duration ttl,
        @DefaultValue("60s") Duration lock) {}
