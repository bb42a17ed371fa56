package io.conveyor.edge.amqp;

import io.cloudevents.CloudEvent;
import io.conveyor.edge.events.CloudEventMapper;
import io.conveyor.edge.events.EventCatalogue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes every event the {@link EventCatalogue} names to the exchange, routed by its external type, in its own
 * streaming processor. A batch's messages are sent as its events are handled, and the batch commits (its token moves
 * on) only once the broker confirmed every one of them: a negative confirm, no confirm within
 * {@code conveyor.amqp.confirm-timeout}, a message no queue took, or a broker that cannot be reached fails the batch,
 * and the processor publishes it again after a backoff. Nothing is lost while the broker is away; a message may arrive
 * twice (at least once), with the same message id.
 *
 * <p>Never replayed: a replay would send the whole history to every consumer again. Consumers that need history read
 * it from the event log.
 */
@ProcessingGroup(AmqpEventPublisher.GROUP)
class AmqpEventPublisher {
    static final String GROUP = "amqp-publisher";
    private static final Logger log = LoggerFactory.getLogger(AmqpEventPublisher.class);
    private static final String BATCH = AmqpEventPublisher.class.getName() + ".batch";

    private final CloudEventMapper mapper;
    private final EventCatalogue catalogue;
    private final RabbitTemplate rabbit;
    private final AmqpAdmin admin;
    private final Exchange exchange;
    private final Duration confirmTimeout;
    private final AmqpMetrics metrics;
    /** Cleared by every failure: the exchange may be gone with the broker's data, and is declared again first. */
    private volatile boolean declared;

    AmqpEventPublisher(
            CloudEventMapper mapper,
            EventCatalogue catalogue,
            RabbitTemplate rabbit,
            AmqpAdmin admin,
            Exchange exchange,
            Duration confirmTimeout,
            AmqpMetrics metrics) {
        this.mapper = mapper;
        this.catalogue = catalogue;
        this.rabbit = rabbit;
        this.admin = admin;
        this.exchange = exchange;
        this.confirmTimeout = confirmTimeout;
        this.metrics = metrics;
    }

    @EventHandler
    @DisallowReplay
    void on(Object payload, EventMessage<?> event) {
        String type = mapper.typeOf(event);
        if (catalogue.byType(type).isEmpty()) {
            return; // not an event of the platform's contracts: nothing outside knows it
        }
        CloudEvent cloudEvent = mapper.toCloudEvent(event);
        batch().publish(type, CloudEventAmqpMessages.toMessage(cloudEvent), cloudEvent.getId());
    }

    /** Declares the exchange if the broker answers; publishing declares it anyway, so a broker that is away is fine. */
    void declareQuietly() {
        try {
            declare();
        } catch (AmqpException e) {
            log.warn(
                    "Exchange {} not declared, the broker does not answer ({}); events wait until it does",
                    exchange.getName(),
                    e.getMessage());
        }
    }

    private void declare() {
        if (!declared) {
            admin.declareExchange(exchange);
            declared = true;
        }
    }

    /**
     * The messages of the batch this event belongs to. Its confirms are awaited when the batch's unit of work
     * prepares to commit, where the processor's token is stored too: a failure there rolls the token back with it.
     */
    private Batch batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("events are published within a processor's unit of work");
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(u -> batch.awaitConfirms());
            return batch;
        });
    }

    private final class Batch {
        private final List<Sent> sent = new ArrayList<>();

        void publish(String routingKey, Message message, String eventId) {
            CorrelationData correlation = new CorrelationData(eventId);
            long start = System.nanoTime();
            try {
                declare();
                rabbit.send(exchange.getName(), routingKey, message, correlation);
            } catch (AmqpException e) {
                declared = false;
                metrics.count(AmqpMetrics.Outcome.FAILED);
                throw e;
            }
            correlation.getFuture().whenComplete((confirm, error) -> metrics.confirmedAfter(System.nanoTime() - start));
            sent.add(new Sent(eventId, routingKey, correlation));
        }

        void awaitConfirms() {
            long deadline = System.nanoTime() + confirmTimeout.toNanos();
            int failed = 0;
            String firstFailure = null;
            for (Sent message : sent) {
                AmqpMetrics.Outcome outcome = outcomeOf(message, deadline);
                metrics.count(outcome);
                if (outcome != AmqpMetrics.Outcome.CONFIRMED) {
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = describe(message, outcome);
                    }
                }
            }
            if (failed > 0) {
                declared = false;
                throw new UnconfirmedPublicationException(
                        failed + " of " + sent.size() + " messages not confirmed, first: " + firstFailure);
            }
        }

        private AmqpMetrics.Outcome outcomeOf(Sent message, long deadline) {
            CorrelationData.Confirm confirm;
            try {
                confirm = message.correlation()
                        .getFuture()
                        .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return AmqpMetrics.Outcome.UNCONFIRMED;
            } catch (InterruptedException e) {
                // the processor stops: the batch is not confirmed, and is published again when it runs next
                Thread.currentThread().interrupt();
                return AmqpMetrics.Outcome.UNCONFIRMED;
            } catch (ExecutionException e) {
                return AmqpMetrics.Outcome.FAILED;
            }
            if (!confirm.isAck()) {
                return AmqpMetrics.Outcome.REJECTED;
            }
            // the broker returns an unroutable message before it confirms it
            return message.correlation().getReturned() != null
                    ? AmqpMetrics.Outcome.RETURNED
                    : AmqpMetrics.Outcome.CONFIRMED;
        }

        private String describe(Sent message, AmqpMetrics.Outcome outcome) {
            String detail = switch (outcome) {
                case REJECTED -> "nacked: " + confirmReason(message);
                case RETURNED ->
                    "returned: " + message.correlation().getReturned().getReplyText() + " (no queue is bound for it)";
                case UNCONFIRMED -> "no confirm within " + confirmTimeout;
                default -> outcome.tag();
            };
            return "event " + message.eventId() + " (" + message.routingKey() + ") " + detail;
        }

        private String confirmReason(Sent message) {
            CorrelationData.Confirm confirm = message.correlation().getFuture().getNow(null);
            return confirm == null || confirm.getReason() == null ? "no reason given" : confirm.getReason();
        }
    }

    private record Sent(String eventId, String routingKey, CorrelationData correlation) {}

    /** A batch the broker did not take whole; its processor publishes it again. */
    static final class UnconfirmedPublicationException extends AmqpException {
        UnconfirmedPublicationException(String message) {
            super(message);
        }
    }
}
