package io.conveyor.edge.amqp;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Publication of events to RabbitMQ. The broker's address and credentials are Spring Boot's {@code spring.rabbitmq.*}.
 *
 * @param enabled whether events are published at all; off by default, and on with the {@code rabbitmq} profile. While
 *     off, the application never opens a connection to a broker
 * @param exchange the durable topic exchange every event is published to, declared by the application
 * @param confirmTimeout how long a batch waits for the broker to confirm its messages before it counts as failed and
 *     is published again
 * @param batchSize how many events are published before waiting for their confirms together (at most: a batch holds
 *     what the processor has read, and one segment's events only)
 */
@ConfigurationProperties("conveyor.amqp")
public record AmqpSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("conveyor.events") String exchange,
        @DefaultValue("10s") Duration confirmTimeout,
        @DefaultValue("100") int batchSize) {

    public AmqpSettings {
        if (exchange == null || exchange.isBlank()) {
            throw new IllegalArgumentException("conveyor.amqp.exchange must name an exchange");
        }
        if (confirmTimeout == null || confirmTimeout.isNegative() || confirmTimeout.isZero()) {
            throw new IllegalArgumentException("conveyor.amqp.confirm-timeout must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("conveyor.amqp.batch-size must be at least 1");
        }
    }
}
