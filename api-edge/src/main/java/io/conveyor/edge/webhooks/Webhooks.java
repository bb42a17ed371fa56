package io.conveyor.edge.webhooks;

import io.conveyor.edge.error.InvalidParameterException;
import io.conveyor.edge.error.NotFoundException;
import io.conveyor.edge.error.ProblemTypes;
import io.conveyor.edge.error.UnprocessableException;
import io.conveyor.edge.events.EventCatalogue;
import io.conveyor.edge.signing.StandardWebhooks;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Subscriptions as the API manages them, within one tenant: made, listed, rotated, removed; deliveries redelivered. */
@Component
class Webhooks {
    private static final Set<String> STATUSES = Set.of("pending", "delivered", "dead");

    private final WebhookStore store;
    private final TargetGuard guard;
    private final EventCatalogue catalogue;
    private final WebhookSettings settings;
    private final WebhookDispatcher dispatcher;
    private final Clock clock = Clock.systemUTC();

    Webhooks(
            WebhookStore store,
            TargetGuard guard,
            EventCatalogue catalogue,
            WebhookSettings settings,
            WebhookDispatcher dispatcher) {
        this.store = store;
        this.guard = guard;
        this.catalogue = catalogue;
        this.settings = settings;
        this.dispatcher = dispatcher;
    }

    /** A new subscription and its secret, which is not shown again. */
    record Created(WebhookStore.Subscription subscription, String secret) {}

    Created create(String tenant, String url, List<String> eventTypes, String description) {
        URI target = target(url);
        List<String> types = eventTypes(eventTypes);
        try {
            guard.check(target);
        } catch (TargetGuard.RefusedTargetException e) {
            throw new UnprocessableException(
                    ProblemTypes.WEBHOOK_TARGET_REFUSED,
                    "Webhook target refused",
                    e.getMessage(),
                    Map.of("url", target.toString()));
        }
        String secret = StandardWebhooks.newSecret();
        WebhookStore.Subscription subscription = store.create(
                "whk_" + UUID.randomUUID(),
                tenant,
                target.toString(),
                description == null || description.isBlank() ? null : description.strip(),
                types,
                secret,
                clock.instant());
        return new Created(subscription, secret);
    }

    List<WebhookStore.Subscription> list(String tenant) {
        return store.list(tenant);
    }

    WebhookStore.Subscription get(String tenant, String id) {
        return store.find(tenant, id).orElseThrow(() -> new NotFoundException("webhook", id));
    }

    void delete(String tenant, String id) {
        if (!store.delete(tenant, id)) {
            throw new NotFoundException("webhook", id);
        }
    }

    /** A new secret; the old one keeps signing alongside it for the grace period. */
    Created rotate(String tenant, String id) {
        String secret = StandardWebhooks.newSecret();
        Instant graceEnds = clock.instant().plus(settings.rotationGrace());
        if (!store.rotate(tenant, id, secret, graceEnds)) {
            throw new NotFoundException("webhook", id);
        }
        return new Created(get(tenant, id), secret);
    }

    List<WebhookStore.Delivery> deliveries(String tenant, String id, long after, int limit, String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidParameterException("status", "status must be one of pending, delivered, dead");
        }
        get(tenant, id);
        return store.deliveries(id, after, limit, status);
    }

    WebhookStore.Delivery redeliver(String tenant, String id, String deliveryId) {
        get(tenant, id);
        if (!store.redeliver(id, deliveryId, clock.instant())) {
            throw new NotFoundException("delivery", deliveryId);
        }
        dispatcher.wake();
        return store.delivery(id, deliveryId).orElseThrow(() -> new NotFoundException("delivery", deliveryId));
    }

    private static URI target(String url) {
        try {
            return TargetGuard.parse(url);
        } catch (TargetGuard.MalformedTargetException e) {
            throw new InvalidParameterException("url", e.getMessage());
        }
    }

    /**
     * The names as given, each once; {@code *} alone stands for every published type, those added later included.
     */
    private List<String> eventTypes(List<String> requested) {
        Set<String> types = new LinkedHashSet<>();
        requested.forEach(type -> types.add(type.strip()));
        if (types.contains(WebhookStore.ALL_TYPES)) {
            if (types.size() > 1) {
                throw new InvalidParameterException(
                        "eventTypes", "\"*\" stands for every event type and cannot be combined with names");
            }
            return List.of(WebhookStore.ALL_TYPES);
        }
        List<String> unknown =
                types.stream().filter(type -> catalogue.byType(type).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new UnprocessableException(
                    ProblemTypes.UNKNOWN_EVENT_TYPE,
                    "Unknown event type",
                    "no event type is named " + String.join(", ", unknown) + "; GET /api/events/types lists them",
                    Map.of("unknownTypes", unknown));
        }
        return List.copyOf(types);
    }
}
