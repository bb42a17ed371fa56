package io.conveyor.edge.carrier;

import io.conveyor.edge.correlation.Correlation;
import io.conveyor.edge.error.ProblemTypes;
import io.conveyor.edge.signing.StandardWebhooks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import java.net.URI;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
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
            @Valid @RequestBody CarrierReport report,
            @Parameter(hidden = true)
                    @RequestAttribute(name = CarrierSignatureFilter.VERIFIED_CARRIER, required = false)
                    String verified) {
        if (!carrier.equals(verified)) {
            // fail closed: whatever way a request reached here, only a report the filter verified is acted on
            throw new UnverifiedReportException();
        }
        boolean acted = receipts.once(
                carrier, webhookId, report.shipmentId().value(), () -> commands.sendAndWait(report.toCommand()));
        return ResponseEntity.ok(
                new CarrierReportAccepted(webhookId, report.shipmentId().value(), !acted));
    }

    @ExceptionHandler(UnverifiedReportException.class)
    ResponseEntity<ProblemDetail> unverified(HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.UNAUTHORIZED, "the report's signature was not verified for this carrier");
        problem.setType(ProblemTypes.INVALID_SIGNATURE);
        problem.setTitle("Invalid signature");
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "StandardWebhooks")
                .body(problem);
    }

    private static final class UnverifiedReportException extends RuntimeException {
        UnverifiedReportException() {
            super(null, null, false, false);
        }
    }

    /** @param repeated whether this report was acted on before, so that this time changed nothing */
    record CarrierReportAccepted(String webhookId, String shipmentId, boolean repeated) {}
}
