package io.conveyor.edge.streaming;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-sent events. A heartbeat keeps proxies from closing an idle stream and lets the server notice a client that
 * went away; at most {@code updateBuffer} changes wait for a slow client before its stream is reset; at most
 * {@code maxStreams} streams are open on a node at once, and at most {@code maxStreamsPerTenant} of them for one tenant.
 */
@ConfigurationProperties("conveyor.sse")
public record SseSettings(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("256") int updateBuffer,
        @DefaultValue("1000") int maxStreams,
        @DefaultValue("100") int maxStreamsPerTenant) {}
