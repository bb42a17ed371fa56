package io.conveyor.edge.stock;

import io.conveyor.contracts.stock.CreateProductCommand;
import io.conveyor.contracts.stock.FindProductAsOfQuery;
import io.conveyor.contracts.stock.FindProductQuery;
import io.conveyor.contracts.stock.ListProductsQuery;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductView;
import io.conveyor.contracts.stock.RestockProductCommand;
import io.conveyor.edge.events.Positions;
import io.conveyor.edge.security.Tenants;
import io.conveyor.edge.streaming.SseStreams;
import io.conveyor.edge.streaming.ViewReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
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

@RestController
@RequestMapping("/api/products")
@Tag(name = "Products")
class ProductController {
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final ViewReader views;
    private final SseStreams streams;
    private final Positions positions;

    ProductController(
            CommandGateway commands, QueryGateway queries, ViewReader views, SseStreams streams, Positions positions) {
        this.positions = positions;
        this.commands = commands;
        this.queries = queries;
        this.views = views;
        this.streams = streams;
    }

    @PostMapping
    @Operation(
            operationId = "createProduct",
            summary = "Create a product with its initial stock",
            responses = @ApiResponse(responseCode = "201", description = "Created; `Location` names the product"))
    CompletableFuture<ResponseEntity<ProductCreated>> create(@Valid @RequestBody CreateProductRequest request) {
        ProductId productId = ProductId.random();
        return commands.send(new CreateProductCommand(
                        productId,
                        request.sku().strip(),
                        request.name().strip(),
                        request.priceMinor(),
                        request.currency(),
                        request.initialStock()))
                .thenApply(done -> positions
                        .stamp(ResponseEntity.created(URI.create("/api/products/" + productId)), productId)
                        .body(new ProductCreated(productId)));
    }

    @PostMapping("/{productId}/restock")
    @Operation(
            operationId = "restockProduct",
            summary = "Add units to a product's stock",
            responses = @ApiResponse(responseCode = "202", description = "Accepted"))
    CompletableFuture<ResponseEntity<ProductCreated>> restock(
            @PathVariable ProductId productId, @Valid @RequestBody RestockRequest request) {
        return commands.send(new RestockProductCommand(productId, request.quantity()))
                .thenApply(done ->
                        positions.stamp(ResponseEntity.accepted(), productId).body(new ProductCreated(productId)));
    }

    @GetMapping
    @Operation(operationId = "listProducts", summary = "Every product's stock")
    CompletableFuture<List<ProductView>> list() {
        return queries.query(
                new ListProductsQuery(Tenants.current()), ResponseTypes.multipleInstancesOf(ProductView.class));
    }

    /** The product now, or with {@code asOf} as it was at that instant, computed from its events. */
    @GetMapping("/{productId}")
    @Operation(operationId = "getProduct", summary = "A product's stock, now or as it was at an instant")
    CompletableFuture<ProductView> get(
            @PathVariable ProductId productId, @RequestParam(required = false) Instant asOf) {
        if (asOf != null) {
            return views.findAsOf(
                    new FindProductAsOfQuery(Tenants.current(), productId, asOf),
                    ProductView.class,
                    "product",
                    productId,
                    asOf);
        }
        return views.find(new FindProductQuery(Tenants.current(), productId), ProductView.class, "product", productId);
    }

    /** Every product's current stock, then every stock change. */
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamProducts", summary = "Every product's stock, then every change (SSE)")
    Flux<ServerSentEvent<Object>> stream() {
        SseStreams.Subscription<List<ProductView>, ProductView> subscription =
                streams.subscribeToList(new ListProductsQuery(Tenants.current()), ProductView.class);
        Flux<ProductView> items =
                Flux.concat(Flux.fromIterable(subscription.initial().orElse(List.of())), subscription.updates());
        return streams.stream(
                subscription, items, "product", v -> v.productId().value(), ProductView::version, v -> false);
    }

    record CreateProductRequest(
            @NotBlank @Size(max = 64) String sku,
            @NotBlank @Size(max = 200) String name,
            @NotNull @PositiveOrZero Long priceMinor,

            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR")
            String currency,

            @NotNull @PositiveOrZero Integer initialStock) {}

    /** The quantity's business rule (at least one unit) is the product's to enforce. */
    record RestockRequest(@NotNull Integer quantity) {}

    record ProductCreated(ProductId productId) {}
}
