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
 * @param segments how many segments each processor's stream is split into when its tokens are first created; fixed
 *     afterwards, so pick it for the largest number of nodes expected
 * @param maxClaimedSegments how many segments of one processor a node works on at most; below {@code segments} it
 *     leaves work for other nodes
 * @param tokenClaimInterval how often a node looks for segments nobody holds (after a node stopped or died)
 * @param nodeName the owner name of this node's token claims; unique per running node (the default adds a random
 *     part to the JVM's {@code pid@host})
 */
@ConfigurationProperties("conveyor.processing")
public record ProcessingSettings(
        @DefaultValue("4") int segments,
        @DefaultValue("2147483647") int maxClaimedSegments,
        @DefaultValue("2s") Duration tokenClaimInterval,
        String nodeName) {

    public ProcessingSettings {
        if (nodeName == null || nodeName.isBlank()) {
            nodeName = ManagementFactory.getRuntimeMXBean().getName() + "/"
                    + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
