package io.conveyor.edge.events;

import io.conveyor.edge.error.InvalidParameterException;
import io.conveyor.edge.error.ViewNotReadyException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes by log position. A command's response carries {@value #POSITION}, the position of the last event
 * of the aggregate it changed; a read sent with {@value #MIN_POSITION} waits until every projection has processed
 * that position, as their stored tokens show on any node, or answers 503.
 */
@Component
public class Positions {
    public static final String POSITION = "Conveyor-Position";
    public static final String MIN_POSITION = "Conveyor-Min-Position";
    private static final Duration POLL = Duration.ofMillis(20);

    private final JdbcTemplate jdbc;
    private final PositionSettings settings;
    private final ProcessorProgress progress;

    Positions(JdbcTemplate jdbc, PositionSettings settings, ProcessorProgress progress) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.progress = progress;
    }

    /** Adds the position of the aggregate's last event to a command's response. */
    public ResponseEntity.BodyBuilder stamp(ResponseEntity.BodyBuilder response, Object aggregateId) {
        Long last = jdbc.queryForObject(
                "select max(global_index) from domain_event_entry where aggregate_identifier = ?",
                Long.class,
                aggregateId.toString());
        return last == null ? response : response.header(POSITION, Long.toString(last));
    }

    /** Returns once every projection has processed {@code header}'s position; 503 after the configured wait. */
    public void awaitProjections(String header) {
        long position;
        try {
            position = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(MIN_POSITION, MIN_POSITION + " must be an event position");
        }
        long deadline = System.nanoTime() + settings.minPositionWait().toNanos();
        while (!processed(position)) {
            if (System.nanoTime() > deadline) {
                throw new ViewNotReadyException("the read models have not reached position " + position + " within "
                        + settings.minPositionWait().toMillis() + " ms; retry shortly");
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** Every segment of every projection has processed {@code position}. */
    boolean processed(long position) {
        for (String projection : settings.projections()) {
            List<ProcessorProgress.SegmentProgress> segments = progress.of(projection);
            if (segments.isEmpty() || !segments.stream().allMatch(segment -> segment.covers(position))) {
                return false;
            }
        }
        return true;
    }
}
