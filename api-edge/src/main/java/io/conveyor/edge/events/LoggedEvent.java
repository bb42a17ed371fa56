package io.conveyor.edge.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * One stored event as the log API shows it.
 *
 * @param position its place in the global order, gap-free once settled (see {@link LogHorizon})
 * @param type the external name, {@code <domain>.<Name>.v<revision>}
 * @param revision the revision of the payload as shown (an older stored revision is upcast to it)
 */
public record LoggedEvent(
        long position,
        String eventId,
        String type,
        String aggregateType,
        String aggregateId,
        long sequence,
        Instant timestamp,
        String revision,
        Map<String, Object> metadata,
        JsonNode payload) {}
