package io.conveyor.edge.events;

import io.conveyor.edge.error.InvalidParameterException;
import io.conveyor.edge.error.ViewNotReadyException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
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
    private final Serializer serializer;
    private final PositionSettings settings;
    private final EventProcessingConfiguration processing;

    Positions(
            JdbcTemplate jdbc,
            @Qualifier("serializer") Serializer serializer,
            PositionSettings settings,
            EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.settings = settings;
        this.processing = processing;
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

    /**
     * Every segment of every projection has processed {@code position}. A segment this node works on is judged by its
     * live status; one worked on elsewhere by its stored token, which an idle segment refreshes at each claim
     * extension.
     */
    boolean processed(long position) {
        for (String projection : settings.projections()) {
            Map<Integer, EventTrackerStatus> local = processing
                    .eventProcessor(projection, StreamingEventProcessor.class)
                    .map(StreamingEventProcessor::processingStatus)
                    .orElse(Map.of());
            List<StoredToken> stored = jdbc.query(
                    "select segment, token, token_type from token_entry where processor_name = ?",
                    (rs, i) -> new StoredToken(rs.getInt(1), rs.getBytes(2), rs.getString(3)),
                    projection);
            if (stored.isEmpty()) {
                return false;
            }
            for (StoredToken segment : stored) {
                EventTrackerStatus status = local.get(segment.segment());
                TrackingToken token = status != null ? status.getTrackingToken() : segment.deserialize(serializer);
                if (!covers(token, position)) {
                    return false;
                }
            }
        }
        return true;
    }

    private record StoredToken(int segment, byte[] token, String type) {
        TrackingToken deserialize(Serializer serializer) {
            return token == null
                    ? null
                    : serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        }
    }

    private static boolean covers(TrackingToken token, long position) {
        TrackingToken lower = WrappedToken.unwrapLowerBound(token);
        if (lower == null || lower.position().orElse(-1) < position) {
            return false;
        }
        return !(lower instanceof GapAwareTrackingToken gapAware
                && gapAware.getGaps().contains(position));
    }
}
