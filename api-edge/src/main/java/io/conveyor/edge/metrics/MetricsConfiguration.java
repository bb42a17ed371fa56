package io.conveyor.edge.metrics;

import io.conveyor.edge.events.EventCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Commands and events as meters; every meter the application exposes is listed in docs/observability.md. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    /**
     * Measured where commands are handled, not where they are sent: every command counts, whether a request, the saga
     * or the payment provider's answer sent it, and each handling counts once, a conflict the gateway retries
     * included. Axon's Spring Boot support registers a handler interceptor bean on the command bus by itself.
     */
    @Bean
    CommandMetrics commandMetrics(MeterRegistry meters) {
        return new CommandMetrics(meters);
    }

    /** The registry is looked up when Axon builds the event store, not when Axon's configuration is assembled. */
    @Bean
    ConfigurerModule eventsAppendedMetrics(ObjectProvider<MeterRegistry> meters, EventCatalogue catalogue) {
        return configurer -> configurer.configureMessageMonitor(
                EventStore.class, (axon, type, name) -> new EventsAppendedMonitor(meters.getObject(), catalogue));
    }
}
