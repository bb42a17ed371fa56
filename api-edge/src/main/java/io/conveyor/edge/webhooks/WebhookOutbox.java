package io.conveyor.edge.webhooks;

import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.edge.events.CloudEventMapper;
import io.conveyor.edge.events.EventCatalogue;
import java.time.Clock;
import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * The event store is the outbox: this processor reads every event and, for each subscription of the event's tenant
 * that wants its type, stores a delivery in the transaction that also stores the processor's token. An event thus
 * becomes each matching subscription's delivery exactly once, however often the processor stops, fails or moves to
 * another node. The delivery holds the CloudEvent as it will be sent, so every retry sends the same bytes.
 *
 * <p>One sequence for all events ({@link WebhookConfiguration}): deliveries are stored in the order the processor
 * meets the events, which keeps every aggregate's events in their order. Never replayed: a replay would send every
 * event again.
 */
@Component
@ProcessingGroup(WebhookOutbox.GROUP)
class WebhookOutbox {
    static final String GROUP = "webhooks";

    private final WebhookStore store;
    private final CloudEventMapper cloudEvents;
    private final EventCatalogue catalogue;
    private final WebhookDispatcher dispatcher;
    private final Clock clock = Clock.systemUTC();

    WebhookOutbox(
            WebhookStore store, CloudEventMapper cloudEvents, EventCatalogue catalogue, WebhookDispatcher dispatcher) {
        this.store = store;
        this.cloudEvents = cloudEvents;
        this.catalogue = catalogue;
        this.dispatcher = dispatcher;
    }

    @EventHandler
    @DisallowReplay
    void on(Object payload, EventMessage<?> event, TrackingToken token) {
        String type = cloudEvents.typeOf(event);
        if (catalogue.byType(type).isEmpty()) {
            return; // not a published event type: no subscription can name it, and "*" does not reach it either
        }
        long position = token.position()
                .orElseThrow(() -> new IllegalStateException("the webhooks processor needs positioned tokens"));
        String tenant = TenantMetadata.orDefault(event.getMetaData().get(TenantMetadata.KEY));
        List<WebhookStore.Subscriber> matching = store.subscribersBefore(tenant, position).stream()
                .filter(subscriber -> subscriber.wants(type))
                .toList();
        if (matching.isEmpty()) {
            return;
        }
        byte[] body = cloudEvents.toJson(cloudEvents.toCloudEvent(event));
        for (WebhookStore.Subscriber subscriber : matching) {
            store.addDelivery(subscriber, event.getIdentifier(), type, position, body, clock.instant());
        }
        CurrentUnitOfWork.ifStarted(unit -> unit.afterCommit(committed -> dispatcher.wake()));
    }
}
