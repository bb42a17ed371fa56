package io.conveyor.edge.carrier;

import io.conveyor.edge.correlation.Correlation;
import io.conveyor.edge.signing.StandardWebhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Carriers push tracking updates here, signed (checked by {@link CarrierSignatureFilter}). Each update becomes a
 * shipment command, so it drives the order and every stream like an update made through the API. A report the carrier
 * sends again with the same {@code webhook-id} is answered like the first, with no second effect.
 */
@RestController
@RequestMapping("/api/carriers")
@Tag(name = "Carriers")
class CarrierController {
    /**
     * Without the application gateway's conflict retries: a retry runs in a transaction of its own, outside the one that
     * records the report's receipt. A conflict answers 409 instead, and the carrier's own retry tries again.
     */
    private final CommandGateway commands;

    private final CarrierReceipts receipts;

    CarrierController(CommandBus commandBus, CarrierReceipts receipts) {
        this.commands = DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .dispatchInterceptors(Correlation.fromRequest())
                .build();
        this.receipts = receipts;
    }

    @PostMapping("/{carrier}/events")
    @Operation(
            operationId = "reportCarrierEvent",
            summary = "A carrier's tracking update on a shipment, signed with the carrier's secret",
            responses = @ApiResponse(responseCode = "200", description = "Acted on, or a repeat of a report acted on"))
    ResponseEntity<CarrierReportAccepted> report(
            @PathVariable String carrier,
            @RequestHeader(StandardWebhooks.ID) String webhookId,
            @Valid @RequestBody CarrierReport report) {
        boolean acted = receipts.once(
                carrier, webhookId, report.shipmentId().value(), () -> commands.sendAndWait(report.toCommand()));
        return ResponseEntity.ok(
                new CarrierReportAccepted(webhookId, report.shipmentId().value(), !acted));
    }

    /** @param repeated whether this report was acted on before, so that this time changed nothing */
    record CarrierReportAccepted(String webhookId, String shipmentId, boolean repeated) {}
}
