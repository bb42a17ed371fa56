package io.conveyor.edge.shipment;

import io.conveyor.contracts.shipment.DeliverShipmentCommand;
import io.conveyor.contracts.shipment.DispatchShipmentCommand;
import io.conveyor.contracts.shipment.FindShipmentQuery;
import io.conveyor.contracts.shipment.ShipmentId;
import io.conveyor.contracts.shipment.ShipmentView;
import io.conveyor.edge.events.Positions;
import io.conveyor.edge.security.Tenants;
import io.conveyor.edge.streaming.ViewReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.concurrent.CompletableFuture;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/shipments")
@Tag(name = "Shipments")
class ShipmentController {
    private final CommandGateway commands;
    private final ViewReader views;
    private final Positions positions;

    ShipmentController(CommandGateway commands, ViewReader views, Positions positions) {
        this.positions = positions;
        this.commands = commands;
        this.views = views;
    }

    @GetMapping("/{shipmentId}")
    @Operation(operationId = "getShipment", summary = "A shipment")
    CompletableFuture<ShipmentView> get(@PathVariable ShipmentId shipmentId) {
        return views.find(
                new FindShipmentQuery(Tenants.current(), shipmentId), ShipmentView.class, "shipment", shipmentId);
    }

    @PostMapping("/{shipmentId}/dispatch")
    @Operation(
            operationId = "dispatchShipment",
            summary = "Mark a shipment dispatched; its order becomes SHIPPED",
            responses = @ApiResponse(responseCode = "202", description = "Accepted"))
    CompletableFuture<ResponseEntity<ShipmentAccepted>> dispatch(@PathVariable ShipmentId shipmentId) {
        return commands.send(new DispatchShipmentCommand(shipmentId))
                .thenApply(done ->
                        positions.stamp(ResponseEntity.accepted(), shipmentId).body(new ShipmentAccepted(shipmentId)));
    }

    @PostMapping("/{shipmentId}/deliver")
    @Operation(
            operationId = "deliverShipment",
            summary = "Mark a dispatched shipment delivered; its order becomes DELIVERED",
            responses = @ApiResponse(responseCode = "202", description = "Accepted"))
    CompletableFuture<ResponseEntity<ShipmentAccepted>> deliver(@PathVariable ShipmentId shipmentId) {
        return commands.send(new DeliverShipmentCommand(shipmentId))
                .thenApply(done ->
                        positions.stamp(ResponseEntity.accepted(), shipmentId).body(new ShipmentAccepted(shipmentId)));
    }

    record ShipmentAccepted(ShipmentId shipmentId) {}
}
