package io.conveyor.edge.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit hash chain.
 *
 * @param chainInterval how often a node extends the chain over newly settled events
 * @param batchSize events chained per transaction
 */
@ConfigurationProperties("conveyor.audit")
public record AuditSettings(
        @DefaultValue("1s") Duration chainInterval,
        @DefaultValue("1000") int batchSize) {}
