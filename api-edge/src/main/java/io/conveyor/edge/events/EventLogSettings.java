package io.conveyor.edge.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the event log is read over HTTP.
 *
 * @param pageSize events per page when the client names no limit
 * @param maxPageSize the largest limit a client may ask for
 * @param holeTimeout how long a missing position holds readers back on a database that cannot tell whether it is
 *     still being written (H2); PostgreSQL is asked instead (see {@link LogHorizon})
 * @param holeWindow how far below the newest event a missing position is considered settled at once
 * @param streamPoll how often a live stream that has caught up looks for new events
 */
@ConfigurationProperties("conveyor.events")
public record EventLogSettings(
        @DefaultValue("100") int pageSize,
        @DefaultValue("1000") int maxPageSize,
        @DefaultValue("10s") Duration holeTimeout,
        @DefaultValue("10000") long holeWindow,
        @DefaultValue("250ms") Duration streamPoll) {}
