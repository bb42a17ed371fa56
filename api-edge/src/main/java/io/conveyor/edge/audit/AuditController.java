package io.conveyor.edge.audit;

import io.conveyor.edge.security.Tenants;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tamper evidence over HTTP, for the caller's tenant: its chain's head, to be recorded elsewhere, and a full re-check
 * of its events in the store.
 */
@RestController
@RequestMapping("/api/audit")
@Tag(name = "Audit")
class AuditController {
    private final AuditChain chain;

    AuditController(AuditChain chain) {
        this.chain = chain;
    }

    @GetMapping("/head")
    @Operation(operationId = "getAuditHead", summary = "The position the hash chain reaches and its value there")
    AuditChain.Head head() {
        return chain.head(Tenants.current());
    }

    @GetMapping("/verify")
    @Operation(
            operationId = "verifyAuditChain",
            summary = "Recompute the chain from the store and name the first mismatch")
    AuditChain.Verification verify() {
        return chain.verify(Tenants.current());
    }
}
