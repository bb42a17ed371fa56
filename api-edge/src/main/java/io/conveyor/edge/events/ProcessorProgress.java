package io.conveyor.edge.events;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far each segment of a streaming processor has come, on every node: a segment this node works on is read from
 * its live status, one worked on elsewhere from its stored token (which an idle segment refreshes at each claim
 * extension, every 2 s).
 */
@Component
public class ProcessorProgress {
    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventProcessingConfiguration processing;

    ProcessorProgress(
            JdbcTemplate jdbc,
            @Qualifier("serializer") Serializer serializer,
            EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.processing = processing;
    }

    /** One segment's progress. */
    public record SegmentProgress(int segment, TrackingToken token, boolean local) {
        /** The position up to which every event has been handled, or -1 before the first. */
        public long position() {
            TrackingToken lower = WrappedToken.unwrapLowerBound(token);
            return lower == null ? -1 : lower.position().orElse(-1);
        }

        public boolean replaying() {
            return ReplayToken.isReplay(token);
        }

        /** Where a replay ends (the position the processor had reached when it was reset), if it is replaying. */
        public OptionalLong replayEnd() {
            return replaying() ? ReplayToken.getTokenAtReset(token) : OptionalLong.empty();
        }

        /** Whether the event at {@code position} has been handled. */
        public boolean covers(long position) {
            TrackingToken lower = WrappedToken.unwrapLowerBound(token);
            if (lower == null || lower.position().orElse(-1) < position) {
                return false;
            }
            return !(lower instanceof GapAwareTrackingToken gapAware
                    && gapAware.getGaps().contains(position));
        }
    }

    public List<SegmentProgress> of(String processor) {
        Map<Integer, EventTrackerStatus> local = processing
                .eventProcessor(processor, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus)
                .orElse(Map.of());
        return jdbc.query(
                "select segment, token, token_type from token_entry where processor_name = ? order by segment",
                (rs, i) -> {
                    int segment = rs.getInt(1);
                    EventTrackerStatus status = local.get(segment);
                    if (status != null) {
                        return new SegmentProgress(segment, status.getTrackingToken(), true);
                    }
                    byte[] token = rs.getBytes(2);
                    return new SegmentProgress(
                            segment,
                            token == null
                                    ? null
                                    : serializer.deserialize(
                                            new SimpleSerializedObject<>(token, byte[].class, rs.getString(3), null)),
                            false);
                },
                processor);
    }
}
