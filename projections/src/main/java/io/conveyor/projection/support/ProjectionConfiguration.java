package io.conveyor.projection.support;

import io.conveyor.projection.order.OrderViewProjection;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    /** The order view hears the order and its shipment: both must land in one segment, in store order. */
    @Bean
    ConfigurerModule orderViewSequencing() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerSequencingPolicy(
                OrderViewProjection.GROUP, conf -> new RecordComponentSequencingPolicy("orderId")));
    }
}
