package io.conveyor.edge.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The processors' health ({@code /actuator/health/processors}): DOWN while any processor on this node is in error or
 * stopped; each one's status, lag and replay state are in the details.
 */
@Component("eventProcessors")
class ProcessorHealth implements HealthIndicator {
    private final ProjectionAdmin admin;

    ProcessorHealth(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        for (ProjectionAdmin.Projection p : admin.list()) {
            details.put(p.name(), Map.of("status", p.status(), "lag", p.lag(), "replaying", p.replaying()));
            up &= p.status().equals("running");
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }
}
