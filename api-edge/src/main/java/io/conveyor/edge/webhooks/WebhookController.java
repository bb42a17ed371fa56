package io.conveyor.edge.webhooks;

import io.conveyor.edge.security.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@RequestMapping("/api/webhooks")
@Tag(name = "Webhooks")
class WebhookController {
    private static final int DEFAULT_PAGE = 50;

    private final Webhooks webhooks;

    WebhookController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    /**
     * @param eventTypes external names from GET /api/events/types, or {@code ["*"]} for every type, those added later
     *     included
     */
    record CreateWebhookRequest(
            @NotBlank @Size(max = TargetGuard.MAX_URL_LENGTH)
            String url,

            @NotNull @NotEmpty @Size(max = 100) List<@NotBlank @Size(max = 255) String> eventTypes,
            @Size(max = 500) String description) {}

    /** A subscription; {@code previousSecretValidUntil} is set while a rotated-out secret still signs. */
    record Webhook(
            String id,
            String url,
            String description,
            List<String> eventTypes,
            Instant createdAt,
            Instant previousSecretValidUntil) {}

    /** A new subscription with its signing secret: the only time the secret is shown. */
    record CreatedWebhook(
            String id, String url, String description, List<String> eventTypes, Instant createdAt, String secret) {}

    /** The new secret, shown this once; the old one signs too until {@code previousSecretValidUntil}. */
    record RotatedSecret(String id, String secret, Instant previousSecretValidUntil) {}

    /**
     * One event for one subscription. {@code id} is the event's id, sent as {@code webhook-id} on every attempt;
     * {@code sequence} orders a subscription's deliveries and pages them ({@code after}).
     */
    record WebhookDelivery(
            String id,
            long sequence,
            String eventType,
            long eventPosition,
            String status,
            int attempts,
            Instant createdAt,
            Instant lastAttemptAt,
            Integer lastStatus,
            Long lastLatencyMs,
            String lastError,
            Instant nextAttemptAt,
            Instant deliveredAt) {}

    record WebhookDeliveryPage(List<WebhookDelivery> deliveries, String next) {}

    @PostMapping
    @Operation(
            operationId = "createWebhook",
            summary = "Subscribe a URL to event types; the answer carries the signing secret, shown only here",
            responses = @ApiResponse(responseCode = "201", description = "Created; `Location` names the webhook"))
    ResponseEntity<CreatedWebhook> create(@Valid @RequestBody CreateWebhookRequest request) {
        Webhooks.Created created =
                webhooks.create(Tenants.current(), request.url(), request.eventTypes(), request.description());
        WebhookStore.Subscription s = created.subscription();
        return ResponseEntity.created(URI.create("/api/webhooks/" + s.id()))
                .body(new CreatedWebhook(
                        s.id(), s.url(), s.description(), s.eventTypes(), s.createdAt(), created.secret()));
    }

    @GetMapping
    @Operation(operationId = "listWebhooks", summary = "The caller's tenant's webhooks, oldest first")
    List<Webhook> list() {
        return webhooks.list(Tenants.current()).stream()
                .map(WebhookController::view)
                .toList();
    }

    @GetMapping("/{webhookId}")
    @Operation(operationId = "getWebhook", summary = "One webhook, without its secret")
    Webhook get(@PathVariable String webhookId) {
        return view(webhooks.get(Tenants.current(), webhookId));
    }

    @DeleteMapping("/{webhookId}")
    @Operation(
            operationId = "deleteWebhook",
            summary = "Remove a webhook and its deliveries: nothing more is sent",
            responses = @ApiResponse(responseCode = "204", description = "Removed"))
    ResponseEntity<Void> delete(@PathVariable String webhookId) {
        webhooks.delete(Tenants.current(), webhookId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{webhookId}/rotate-secret")
    @Operation(
            operationId = "rotateWebhookSecret",
            summary = "A new signing secret, shown only here; the old one signs as well for a grace period")
    RotatedSecret rotate(@PathVariable String webhookId) {
        Webhooks.Created rotated = webhooks.rotate(Tenants.current(), webhookId);
        return new RotatedSecret(
                webhookId, rotated.secret(), rotated.subscription().previousSecretUntil());
    }

    @GetMapping("/{webhookId}/deliveries")
    @Operation(
            operationId = "listWebhookDeliveries",
            summary = "A page of the webhook's deliveries, in the order they are sent, with their attempts")
    WebhookDeliveryPage deliveries(
            @PathVariable String webhookId,
            @RequestParam(defaultValue = "0") @Min(0) long after,
            @RequestParam(required = false) @Min(1) @Max(500) Integer limit,
            @RequestParam(required = false) @Size(max = 16) String status) {
        int size = limit == null ? DEFAULT_PAGE : limit;
        List<WebhookDelivery> page = webhooks.deliveries(Tenants.current(), webhookId, after, size, status).stream()
                .map(WebhookController::view)
                .toList();
        String next = null;
        if (page.size() == size) {
            next = ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("after", page.get(page.size() - 1).sequence())
                    .build()
                    .toUriString();
        }
        return new WebhookDeliveryPage(page, next);
    }

    @PostMapping("/{webhookId}/deliveries/{deliveryId}/redeliver")
    @Operation(
            operationId = "redeliverWebhookDelivery",
            summary = "Send a delivery again (a dead one, or one the receiver lost), with a fresh count of attempts",
            responses = @ApiResponse(responseCode = "202", description = "Queued"))
    ResponseEntity<WebhookDelivery> redeliver(@PathVariable String webhookId, @PathVariable String deliveryId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(view(webhooks.redeliver(Tenants.current(), webhookId, deliveryId)));
    }

    private static Webhook view(WebhookStore.Subscription s) {
        Instant grace =
                s.previousSecretUntil() != null && s.previousSecretUntil().isAfter(Instant.now())
                        ? s.previousSecretUntil()
                        : null;
        return new Webhook(s.id(), s.url(), s.description(), s.eventTypes(), s.createdAt(), grace);
    }

    private static WebhookDelivery view(WebhookStore.Delivery d) {
        return new WebhookDelivery(
                d.eventId(),
                d.seq(),
                d.eventType(),
                d.eventPosition(),
                d.status(),
                d.attempts(),
                d.createdAt(),
                d.lastAttemptAt(),
                d.lastStatus(),
                d.lastLatencyMs(),
                d.lastError(),
                d.nextAttemptAt(),
                d.deliveredAt());
    }
}
