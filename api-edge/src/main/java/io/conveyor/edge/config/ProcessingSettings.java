package io.conveyor.edge.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the streaming processors share their work between nodes. How long a dead node's claim blocks its segments is
 * Axon's {@code axon.eventhandling.tokenstore.claim-timeout}.
 *
 * @param mode {@code pooled}, the application's: pooled streaming processors tuned by the settings below;
 *     {@code tracking}: Axon's default, tracking processors as Axon configures them (one thread, one segment, batches
 *     of one event), which exists to measure the application against Axon's defaults. Either way a failing handler
 *     stops its processor (or parks the event) and handlers log with the request's id. {@code segments},
 *     {@code maxClaimedSegments}, {@code tokenClaimInterval}, {@code batchSize} and {@code conveyor.amqp.batch-size} apply to pooled
 *     processors only
 * @param segments how many segments each processor's stream is split into when its tokens are first created; fixed
 *     afterwards, so pick it for the largest number of nodes expected
 * @param maxClaimedSegments how many segments of one processor a node works on at most; below {@code segments} it
 *     leaves work for other nodes
 * @param tokenClaimInterval how often a node looks for segments nobody holds (after a node stopped or died)
 * @param batchSize at most how many events a segment handles in one transaction: the events already read and waiting,
 *     never a wait for more. One commit and one token update per batch instead of per event is what lets a replay or a
 *     burst run at the database's read speed rather than its commit rate (docs/benchmarks.md)
 * @param readInterval how often at most a processor reads the event store for this node's new commits: one that
 *     follows a quiet spell is read at once, commits closer together are read together, in one query and one batch
 *     (decision 45). Zero reads after every commit, each processor with queries and a transaction of its own
 * @param nodeName the owner name of this node's token claims; unique per running node (the default adds a random
 *     part to the JVM's {@code pid@host})
 */
@ConfigurationProperties("conveyor.processing")
public record ProcessingSettings(
        @DefaultValue("pooled") Mode mode,
        @DefaultValue("4") int segments,
        @DefaultValue("2147483647") int maxClaimedSegments,
        @DefaultValue("2s") Duration tokenClaimInterval,
        @DefaultValue("100") int batchSize,
        @DefaultValue("20ms") Duration readInterval,
        String nodeName) {

    public enum Mode {
        POOLED,
        TRACKING
    }

    public ProcessingSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("conveyor.processing.batch-size must be at least 1");
        }
        if (readInterval.isNegative()) {
            throw new IllegalArgumentException("conveyor.processing.read-interval must not be negative");
        }
        if (nodeName == null || nodeName.isBlank()) {
            nodeName = ManagementFactory.getRuntimeMXBean().getName() + "/"
                    + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
