package io.conveyor.edge.audit;

import io.conveyor.edge.security.Tenants;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tamper evidence over HTTP, for the caller's tenant: its chain's head, to be recorded elsewhere, and a full re-check
 * of its events in the store.
 */
@RestController
@RequestMapping("/api/audit")
class AuditController {
    private final AuditChain chain;

    AuditController(AuditChain chain) {
        this.chain = chain;
    }

    @GetMapping("/head")
    AuditChain.Head head() {
        return chain.head(Tenants.current());
    }

    @GetMapping("/verify")
    AuditChain.Verification verify() {
        return chain.verify(Tenants.current());
    }
}
