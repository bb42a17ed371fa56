package io.conveyor.edge.deadletter;

import io.conveyor.contracts.common.StateConflictException;
import io.conveyor.edge.error.NotFoundException;
import io.conveyor.edge.events.EventCatalogue;
import io.conveyor.edge.security.Tenants;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.deadletter.jpa.DeadLetterEntry;
import org.axonframework.eventhandling.deadletter.jpa.DeadLetterEventEntry;
import org.axonframework.eventhandling.deadletter.jpa.JpaDeadLetter;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The parked events of every dead-lettering processor, as operators see and handle them: listed, retried now, or
 * removed. A caller sees only letters of its own tenant (the event's {@code tenant} metadata, {@link Tenants#DEFAULT}
 * without one); another tenant's letter does not exist for it. Retries take turns per processor across the cluster
 * ({@link RetryLocks}), whether an operator or the scheduled retry starts them.
 */
@Component
public class DeadLetters {
    /** At most this many sequences are retried per processor in one round of the scheduled retry. */
    private static final int MAX_PER_ROUND = 100;

    private final EventProcessingConfiguration processing;
    private final RetryPolicy policy;
    private final RetryLocks locks;
    private final EntityManagerProvider entityManagers;
    private final TransactionTemplate transaction;
    private final Serializer serializer;
    private final Serializer eventSerializer;
    private final EventCatalogue catalogue;
    private final Clock clock = Clock.systemUTC();

    DeadLetters(
            EventProcessingConfiguration processing,
            RetryPolicy policy,
            RetryLocks locks,
            EntityManagerProvider entityManagers,
            PlatformTransactionManager transactions,
            @Qualifier("serializer") Serializer serializer,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            EventCatalogue catalogue) {
        this.processing = processing;
        this.policy = policy;
        this.locks = locks;
        this.entityManagers = entityManagers;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setReadOnly(true);
        this.serializer = serializer;
        this.eventSerializer = eventSerializer;
        this.catalogue = catalogue;
    }

    /**
     * One parked event.
     *
     * @param sequenceIdentifier the events of one sequence (an aggregate, or an order for the order view) are handled
     *     in order: while one is parked, those after it are parked behind it
     * @param sequenceIndex the letter's place in its sequence; the lowest is retried first
     * @param cause the failure; none for an event parked only because an earlier one of its sequence is
     * @param attempts failed attempts so far, the first handling included
     * @param nextAttempt when the scheduled retry takes it next; none once {@code max-attempts} have failed, and for
     *     a letter waiting behind another
     */
    public record Letter(
            String id,
            String processor,
            String sequenceIdentifier,
            long sequenceIndex,
            Event event,
            Cause cause,
            Instant enqueuedAt,
            Instant lastTouched,
            int attempts,
            Instant nextAttempt) {}

    /**
     * @param type the event's external name ({@code products.ProductRestocked.v1})
     * @param position the event's position in the log
     */
    public record Event(
            String type,
            String identifier,
            Long position,
            String aggregateType,
            String aggregateId,
            Long aggregateSequence,
            Instant timestamp) {}

    public record Cause(String type, String message) {}

    /**
     * What a retry did.
     *
     * @param outcome {@code processed}: the letter was handled and left the queue; {@code failed}: it was handled and
     *     failed again; {@code blocked}: an earlier letter of its sequence failed, so it was not tried
     * @param letter the letter as it is now, while it is still parked
     * @param remainingInSequence letters of its sequence still parked
     */
    public record Retry(String outcome, Letter letter, long remainingInSequence) {}

    public List<Letter> list() {
        String tenant = Tenants.current();
        return transaction.execute(status -> entityManager()
                .createQuery("select dl from DeadLetterEntry dl", DeadLetterEntry.class)
                .getResultStream()
                .filter(ofTenant(tenant))
                .map(this::describe)
                .sorted(Comparator.comparing(Letter::enqueuedAt)
                        .thenComparing(Letter::processor)
                        .thenComparing(Letter::sequenceIdentifier)
                        .thenComparing(Letter::sequenceIndex))
                .toList());
    }

    public Letter get(String id) {
        return transaction.execute(status -> describe(find(id)));
    }

    /**
     * Retries the letter's sequence now, from its first parked event and in order, as the scheduled retry would, but
     * whether or not an attempt is due or any are left. A failure counts as an attempt.
     */
    public Retry retry(String id) {
        Letter before = get(id);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing
                .sequencedDeadLetterProcessor(before.processor())
                .orElseThrow(() -> new StateConflictException(
                        "not-dead-lettering",
                        before.processor() + " no longer parks events; remove the letter or enable it again"));
        boolean attempted = locks.waitingFor(
                before.processor(),
                () -> processWhere(
                        processor,
                        letter -> before.sequenceIdentifier()
                                .equals(((JpaDeadLetter<?>) letter).getSequenceIdentifier())));
        return transaction.execute(status -> {
            long remaining = entityManager()
                    .createQuery(
                            "select count(dl) from DeadLetterEntry dl where dl.processingGroup = :group"
                                    + " and dl.sequenceIdentifier = :sequence",
                            Long.class)
                    .setParameter("group", before.processor())
                    .setParameter("sequence", before.sequenceIdentifier())
                    .getSingleResult();
            DeadLetterEntry entry = entityManager().find(DeadLetterEntry.class, id);
            if (entry == null) {
                // handled: by this retry, or by a scheduled one that got to the sequence first
                return new Retry("processed", null, remaining);
            }
            if (!attempted) {
                throw new StateConflictException(
                        "dead-letter-busy", "the letter's sequence is being retried elsewhere; try again shortly");
            }
            Letter after = describe(entry);
            return new Retry(after.attempts() > before.attempts() ? "failed" : "blocked", after, remaining);
        });
    }

    /** Removes the letter: its event is never handled by its processor. Letters behind it are retried next. */
    public void delete(String id) {
        Letter letter = get(id);
        locks.waitingFor(
                letter.processor(),
                () -> entityManager()
                        .createQuery("delete from DeadLetterEntry dl where dl.deadLetterId = :id")
                        .setParameter("id", id)
                        .executeUpdate());
    }

    /** The scheduled retry of one processor: every sequence whose next attempt is due, unless another node is at it. */
    int retryDue(String processor) {
        Optional<SequencedDeadLetterProcessor<EventMessage<?>>> letters =
                processing.sequencedDeadLetterProcessor(processor);
        if (letters.isEmpty()) {
            return 0;
        }
        int retried = 0;
        while (retried < MAX_PER_ROUND) {
            Instant now = clock.instant();
            boolean attempted = locks.ifFree(
                            processor, () -> processWhere(letters.get(), letter -> policy.isDue(letter, now)))
                    .orElse(false);
            if (!attempted) {
                break;
            }
            retried++;
        }
        return retried;
    }

    /** Letters of the processor, in every tenant: what the gauge shows. */
    long count(String processor) {
        return transaction.execute(status -> entityManager()
                .createQuery("select count(dl) from DeadLetterEntry dl where dl.processingGroup = :group", Long.class)
                .setParameter("group", processor)
                .getSingleResult());
    }

    /** Processes the first sequence matching the filter; whether one matched. */
    private static boolean processWhere(
            SequencedDeadLetterProcessor<EventMessage<?>> processor,
            Predicate<DeadLetter<? extends EventMessage<?>>> filter) {
        AtomicBoolean matched = new AtomicBoolean();
        processor.process(letter -> {
            boolean matches = filter.test(letter);
            matched.compareAndSet(false, matches);
            return matches;
        });
        return matched.get();
    }

    private DeadLetterEntry find(String id) {
        DeadLetterEntry entry = entityManager().find(DeadLetterEntry.class, id);
        if (entry == null || !ofTenant(Tenants.current()).test(entry)) {
            throw new NotFoundException("dead letter", id);
        }
        return entry;
    }

    private Predicate<DeadLetterEntry> ofTenant(String tenant) {
        return entry -> tenant.equals(tenantOf(entry));
    }

    private String tenantOf(DeadLetterEntry entry) {
        if (entry.getMessage().getMetaData().getData() == null) {
            return Tenants.DEFAULT;
        }
        MetaData metaData = eventSerializer.deserialize(entry.getMessage().getMetaData());
        Object tenant = metaData.get(Tenants.METADATA_KEY);
        return tenant == null ? Tenants.DEFAULT : tenant.toString();
    }

    private Letter describe(DeadLetterEntry entry) {
        MetaData diagnostics = entry.getDiagnostics().getData() == null
                ? MetaData.emptyInstance()
                : eventSerializer.deserialize(entry.getDiagnostics());
        DeadLetterEventEntry message = entry.getMessage();
        int attempts = RetryPolicy.attempts(diagnostics);
        return new Letter(
                entry.getDeadLetterId(),
                entry.getProcessingGroup(),
                entry.getSequenceIdentifier(),
                entry.getSequenceIndex(),
                new Event(
                        catalogue.typeOf(message.getPayload().getType().getName()),
                        message.getEventIdentifier(),
                        positionOf(message),
                        message.getType(),
                        message.getAggregateIdentifier(),
                        message.getSequenceNumber(),
                        Instant.parse(message.getTimeStamp())),
                entry.getCauseType() == null ? null : new Cause(entry.getCauseType(), entry.getCauseMessage()),
                entry.getEnqueuedAt(),
                entry.getLastTouched(),
                attempts,
                RetryPolicy.nextAttempt(diagnostics).orElse(null));
    }

    private Long positionOf(DeadLetterEventEntry message) {
        if (message.getTrackingToken() == null) {
            return null;
        }
        TrackingToken token = serializer.deserialize(message.getTrackingToken());
        OptionalLong position = token == null ? OptionalLong.empty() : token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }

    private EntityManager entityManager() {
        return entityManagers.getEntityManager();
    }
}
