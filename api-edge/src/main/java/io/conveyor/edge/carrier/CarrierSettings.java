package io.conveyor.edge.carrier;

import io.conveyor.edge.signing.StandardWebhooks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The carriers that may report on shipments, and how their reports are checked.
 *
 * @param secrets each carrier's Standard Webhooks signing secrets ({@code whsec_...}), by the name in its callback URL
 *     {@code /api/carriers/{name}/events}; more than one while a secret is being rotated. A carrier not named here is
 *     unknown (404).
 * @param tolerance how far a report's {@code webhook-timestamp} may be from this node's clock, either way
 * @param receiptRetention how long a report's {@code webhook-id} is remembered, so that a carrier's retry within it
 *     has no second effect
 * @param maxBody the largest report accepted, in bytes
 */
@ConfigurationProperties("conveyor.carriers")
public record CarrierSettings(
        @DefaultValue Map<String, List<String>> secrets,
        @DefaultValue("5m") Duration tolerance,
        @DefaultValue("7d") Duration receiptRetention,
        @DefaultValue("65536") int maxBody) {

    public CarrierSettings {
        secrets.forEach((carrier, keys) -> {
            if (keys.isEmpty() || !keys.stream().allMatch(StandardWebhooks::isSecret)) {
                throw new IllegalArgumentException("conveyor.carriers.secrets." + carrier
                        + " must list whsec_ secrets of at least 16 bytes (StandardWebhooks)");
            }
        });
        secrets = Map.copyOf(secrets);
    }

    List<String> secretsOf(String carrier) {
        return secrets.getOrDefault(carrier, List.of());
    }
}
