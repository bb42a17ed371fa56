package io.conveyor.edge.events;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Read-your-writes by position.
 *
 * @param projections the processors whose progress a {@code Conveyor-Min-Position} read waits for: the projections
 *     that answer queries (set in application.yml, next to the projections they name)
 * @param minPositionWait how long such a read waits before it answers 503
 */
@ConfigurationProperties("conveyor.reads.positions")
public record PositionSettings(
        List<String> projections, @DefaultValue("5s") Duration minPositionWait) {
    public PositionSettings {
        projections = projections == null ? List.of() : List.copyOf(projections);
    }
}
