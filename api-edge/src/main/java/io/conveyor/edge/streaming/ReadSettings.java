package io.conveyor.edge.streaming;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a read waits for a resource that exists in the event store but whose read model has not caught up yet (a
 * client reading right after its own write).
 */
@ConfigurationProperties("conveyor.reads")
public record ReadSettings(@DefaultValue("5s") Duration visibilityWait) {}
