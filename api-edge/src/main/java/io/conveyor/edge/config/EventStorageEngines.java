package io.conveyor.edge.config;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
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
                .build();
    }
}
