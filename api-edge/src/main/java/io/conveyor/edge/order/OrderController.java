package io.conveyor.edge.order;

import io.conveyor.contracts.order.CancelOrderCommand;
import io.conveyor.contracts.order.CustomerId;
import io.conveyor.contracts.order.FindOrderAsOfQuery;
import io.conveyor.contracts.order.FindOrderQuery;
import io.conveyor.contracts.order.ListOrdersQuery;
import io.conveyor.contracts.order.OrderId;
import io.conveyor.contracts.order.OrderLineRequest;
import io.conveyor.contracts.order.OrderPage;
import io.conveyor.contracts.order.OrderStatus;
import io.conveyor.contracts.order.OrderSummary;
import io.conveyor.contracts.order.OrderView;
import io.conveyor.contracts.order.PlaceOrderCommand;
import io.conveyor.contracts.order.WatchOrderSummariesQuery;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.edge.error.NotFoundException;
import io.conveyor.edge.events.Positions;
import io.conveyor.edge.security.Tenants;
import io.conveyor.edge.streaming.SseStreams;
import io.conveyor.edge.streaming.ViewReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/orders")
@Tag(name = "Orders")
class OrderController {
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ViewReader views;
    private final SseStreams streams;
    private final Positions positions;

    OrderController(
            CommandGateway commands, QueryGateway queries, ViewReader views, SseStreams streams, Positions positions) {
        this.positions = positions;
        this.commands = commands;
        this.queries = queries;
        this.views = views;
        this.streams = streams;
    }

    @PostMapping
    @Operation(
            operationId = "placeOrder",
            summary = "Place an order; reservation, payment and shipment follow",
            responses = @ApiResponse(responseCode = "202", description = "Accepted; `Location` names the order"))
    CompletableFuture<ResponseEntity<OrderAccepted>> place(@Valid @RequestBody PlaceOrderRequest request) {
        OrderId orderId = OrderId.random();
        List<OrderLineRequest> lines = request.lines().stream()
                .map(line -> new OrderLineRequest(new ProductId(line.productId()), line.quantity()))
                .toList();
        return commands.send(new PlaceOrderCommand(
                        orderId, new CustomerId(request.customerId()), lines, request.paymentToken()))
                .thenApply(done -> positions
                        .stamp(ResponseEntity.accepted(), orderId)
                        .location(URI.create("/api/orders/" + orderId))
                        .body(new OrderAccepted(orderId)));
    }

    @PostMapping("/{orderId}/cancel")
    @Operation(
            operationId = "cancelOrder",
            summary = "Cancel an order that has not shipped",
            responses = @ApiResponse(responseCode = "202", description = "Accepted"))
    CompletableFuture<ResponseEntity<OrderAccepted>> cancel(
            @PathVariable OrderId orderId, @Valid @RequestBody(required = false) CancelOrderRequest request) {
        String reason = request == null ? null : request.reason();
        return commands.send(new CancelOrderCommand(orderId, reason))
                .thenApply(done ->
                        positions.stamp(ResponseEntity.accepted(), orderId).body(new OrderAccepted(orderId)));
    }

    /** The order now, or with {@code asOf} as it was at that instant, computed from its events. */
    @GetMapping("/{orderId}")
    @Operation(operationId = "getOrder", summary = "An order, now or as it was at an instant")
    CompletableFuture<OrderView> get(@PathVariable OrderId orderId, @RequestParam(required = false) Instant asOf) {
        if (asOf != null) {
            return views.findAsOf(
                    new FindOrderAsOfQuery(Tenants.current(), orderId, asOf), OrderView.class, "order", orderId, asOf);
        }
        return views.find(new FindOrderQuery(Tenants.current(), orderId), OrderView.class, "order", orderId);
    }

    @GetMapping
    @Operation(operationId = "listOrders", summary = "Order summaries, newest first, paged and filtered")
    CompletableFuture<OrderPage> list(
            @RequestParam(required = false) OrderStatus status,
            @RequestParam(required = false) @Size(min = 1, max = 64) String customerId,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        CustomerId customer = customerId == null ? null : new CustomerId(customerId);
        return queries.query(
                new ListOrdersQuery(Tenants.current(), status, customer, page, size),
                ResponseTypes.instanceOf(OrderPage.class));
    }

    /** The order as it is now, then every change; ends after the order reaches a final status. */
    @GetMapping(path = "/{orderId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamOrder", summary = "An order, then every change until it ends (SSE)")
    Flux<ServerSentEvent<Object>> stream(@PathVariable OrderId orderId) {
        SseStreams.Subscription<OrderView, OrderView> subscription =
                streams.subscribe(new FindOrderQuery(Tenants.current(), orderId), OrderView.class, OrderView.class);
        Optional<OrderView> initial = subscription.initial();
        boolean known;
        try {
            known = initial.isPresent() || views.exists(orderId);
        } catch (RuntimeException e) {
            subscription.close();
            throw e;
        }
        if (!known) {
            subscription.close();
            throw new NotFoundException("order", orderId);
        }
        Flux<OrderView> items = Flux.concat(Mono.justOrEmpty(initial), subscription.updates());
        return streams.stream(
                subscription,
                items,
                "order",
                v -> v.orderId().value(),
                OrderView::version,
                v -> v.status().isTerminal());
    }

    /** Summary changes of all orders, or of the orders in one status; starts with the most recent ones. */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamOrderSummaries", summary = "Recent order summaries, then every change (SSE)")
    Flux<ServerSentEvent<Object>> streamAll(@RequestParam(required = false) OrderStatus status) {
        SseStreams.Subscription<List<OrderSummary>, OrderSummary> subscription =
                streams.subscribeToList(new WatchOrderSummariesQuery(Tenants.current(), status), OrderSummary.class);
        Flux<OrderSummary> items =
                Flux.concat(Flux.fromIterable(subscription.initial().orElse(List.of())), subscription.updates());
        return streams.stream(
                subscription, items, "order-summary", v -> v.orderId().value(), OrderSummary::version, v -> false);
    }

    record PlaceOrderRequest(
            @NotBlank @Size(max = 64) String customerId,
            @NotNull @Size(min = 1, max = 50) List<@Valid @NotNull LineRequest> lines,
            @NotBlank @Size(max = 128) String paymentToken) {}

    record LineRequest(
            @NotBlank @Size(max = 64) String productId,
            @NotNull @Min(1) @Max(10_000) Integer quantity) {}

    record CancelOrderRequest(@Size(max = 200) String reason) {}

    record OrderAccepted(OrderId orderId) {}
}
