package io.conveyor.edge.config;

import io.conveyor.contracts.common.TenantMetadata;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

/**
 * Builds the event storage engine from {@link EventStorageSettings}. The application and the storage benchmark both
 * build theirs here, so the benchmark measures exactly what runs.
 */
public final class EventStorageEngines {

    /** The columns of Flyway's {@code domain_event_entry} and {@code snapshot_event_entry}, as JPA names them. */
    public static final EventSchema SCHEMA = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .timestampColumn("time_stamp")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    private EventStorageEngines() {}

    /** What both engines are built from, besides their settings. */
    public record Parts(
            Serializer eventSerializer,
            Serializer snapshotSerializer,
            EventUpcaster upcasters,
            PersistenceExceptionResolver exceptionResolver,
            SnapshotFilter snapshotFilter,
            TransactionManager transactionManager) {}

    public static EventStorageEngine jpa(EventStorageSettings settings, Parts parts, EntityManagerProvider entities) {
        return JpaEventStorageEngine.builder()
                .eventSerializer(parts.eventSerializer())
                .snapshotSerializer(parts.snapshotSerializer())
                .upcasterChain(parts.upcasters())
                .persistenceExceptionResolver(parts.exceptionResolver())
                .snapshotFilter(parts.snapshotFilter())
                .transactionManager(parts.transactionManager())
                .entityManagerProvider(entities)
                .batchSize(settings.batchSize())
                .gapTimeout((int) settings.gapTimeout().toMillis())
                .maxGapOffset(settings.maxGapOffset())
                .build();
    }

    /** Needs {@code domain_event_entry.global_index} to default to the sequence's next value (migration V1_2). */
    public static EventStorageEngine jdbc(EventStorageSettings settings, Parts parts, ConnectionProvider connections) {
        return JdbcEventStorageEngine.builder()
                .eventSerializer(parts.eventSerializer())
                .snapshotSerializer(parts.snapshotSerializer())
                .upcasterChain(parts.upcasters())
                .persistenceExceptionResolver(parts.exceptionResolver())
                .snapshotFilter(parts.snapshotFilter())
                .transactionManager(parts.transactionManager())
                .connectionProvider(connections)
                .schema(SCHEMA)
                .dataType(byte[].class)
                .batchSize(settings.batchSize())
                .gapTimeout((int) settings.gapTimeout().toMillis())
                .maxGapOffset(settings.maxGapOffset())
                .appendEvents(EventStorageEngines::appendWithTenant)
                .build();
    }

    /**
     * Axon's insert, plus the {@code tenant} column (migration V1_6) taken from each event's metadata, so the event log
     * can be read per tenant by an index instead of by parsing metadata.
     */
    static PreparedStatement appendWithTenant(
            Connection connection,
            EventSchema schema,
            Class<?> dataType,
            List<? extends EventMessage<?>> events,
            Serializer serializer,
            TimestampWriter timestamps)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement("insert into " + schema.domainEventTable() + " ("
                + schema.domainEventFields() + ", tenant) values (?,?,?,?,?,?,?,?,?,?)");
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = message instanceof DomainEventMessage<?> domain
                    ? domain
                    : new GenericDomainEventMessage<>(
                            null, message.getIdentifier(), 0L, message, message::getTimestamp);
            SerializedObject<?> payload = event.serializePayload(serializer, dataType);
            SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            timestamps.writeTimestamp(statement, 5, event.getTimestamp());
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setObject(8, payload.getData());
            statement.setObject(9, metaData.getData());
            statement.setString(10, TenantMetadata.orDefault(event.getMetaData().get(TenantMetadata.KEY)));
            statement.addBatch();
        }
        return statement;
    }
}
