package io.conveyor.edge.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads the event store in global order, below the {@link LogHorizon}, through the application's serializer and
 * upcasters: old revisions come out in today's shape, as aggregates and projections see them.
 */
@Component
public class EventLog {
    private static final String COLUMNS = "global_index, type, aggregate_identifier, sequence_number,"
            + " event_identifier, time_stamp, payload_type, payload_revision, payload, meta_data";

    private final JdbcTemplate jdbc;
    private final LogHorizon horizon;
    private final EventCatalogue catalogue;
    private final Serializer serializer;
    private final EventUpcaster upcasters;
    private final ObjectMapper json;

    EventLog(
            JdbcTemplate jdbc,
            LogHorizon horizon,
            EventCatalogue catalogue,
            @Qualifier("eventSerializer") Serializer serializer,
            org.axonframework.config.Configuration axon,
            ObjectMapper json) {
        this.jdbc = jdbc;
        this.horizon = horizon;
        this.catalogue = catalogue;
        this.serializer = serializer;
        this.upcasters = axon.upcasterChain();
        this.json = json;
    }

    /**
     * What to read: one tenant's events at positions after {@code after}, at most {@code limit}, optionally of one
     * payload type or one aggregate.
     */
    public record Selection(String tenant, long after, int limit, String javaType, String aggregateId) {}

    /**
     * A page of events, whether the settled log ended within it, and the position up to which the log has been read
     * for it: a filtered reader resumes after {@code readTo}, past the events that did not match.
     */
    public record Page(List<LoggedEvent> events, boolean reachedEnd, long readTo) {}

    public Page read(Selection selection) {
        return read(selection, horizon.settled());
    }

    private Page read(Selection selection, long until) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS
                + " from domain_event_entry where tenant = ? and global_index > ? and global_index <= ?");
        List<Object> arguments = new ArrayList<>(List.of(selection.tenant(), selection.after(), until));
        if (selection.javaType() != null) {
            sql.append(" and payload_type = ?");
            arguments.add(selection.javaType());
        }
        if (selection.aggregateId() != null) {
            sql.append(" and aggregate_identifier = ?");
            arguments.add(selection.aggregateId());
        }
        sql.append(" order by global_index fetch first ")
                .append(selection.limit())
                .append(" rows only");
        List<TrackedDomainEventData<byte[]>> rows = jdbc.query(
                sql.toString(),
                (rs, i) -> new TrackedDomainEventData<>(
                        new GlobalSequenceTrackingToken(rs.getLong("global_index")),
                        new GenericDomainEventEntry<>(
                                rs.getString("type"),
                                rs.getString("aggregate_identifier"),
                                rs.getLong("sequence_number"),
                                rs.getString("event_identifier"),
                                rs.getString("time_stamp"),
                                rs.getString("payload_type"),
                                rs.getString("payload_revision"),
                                rs.getBytes("payload"),
                                rs.getBytes("meta_data"))),
                arguments.toArray());
        List<LoggedEvent> events;
        try (Stream<TrackedEventMessage<?>> messages =
                EventUtils.upcastAndDeserializeTrackedEvents(rows.stream(), serializer, upcasters)) {
            events = messages.map(this::toLogged).toList();
        }
        boolean reachedEnd = rows.size() < selection.limit();
        long readTo = reachedEnd
                ? Math.max(selection.after(), until)
                : rows.get(rows.size() - 1).trackingToken().position().orElseThrow();
        return new Page(events, reachedEnd, readTo);
    }

    /**
     * Every event of one aggregate, in order. Not held back by the horizon: an aggregate's own sequence numbers leave
     * no holes, so its history is complete as soon as its last event is committed.
     */
    public List<LoggedEvent> history(String tenant, String aggregateId) {
        List<LoggedEvent> all = new ArrayList<>();
        long after = 0;
        Page page;
        do {
            page = read(new Selection(tenant, after, 1_000, null, aggregateId), Long.MAX_VALUE);
            all.addAll(page.events());
            if (!page.events().isEmpty()) {
                after = page.events().get(page.events().size() - 1).position();
            }
        } while (!page.reachedEnd());
        return all;
    }

    private LoggedEvent toLogged(TrackedEventMessage<?> message) {
        DomainEventMessage<?> event = (DomainEventMessage<?>) message;
        Class<?> payloadType = event.getPayloadType();
        Revision revision = payloadType.getAnnotation(Revision.class);
        return new LoggedEvent(
                ((GlobalSequenceTrackingToken) message.trackingToken()).getGlobalIndex(),
                event.getIdentifier(),
                catalogue.typeOf(payloadType.getName()),
                event.getType(),
                event.getAggregateIdentifier(),
                event.getSequenceNumber(),
                Instant.from(event.getTimestamp()),
                revision == null ? null : revision.value(),
                new LinkedHashMap<>(event.getMetaData()),
                json.valueToTree(event.getPayload()));
    }
}
