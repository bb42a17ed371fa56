package io.conveyor.command.config;

import io.conveyor.command.stock.JpaProductCatalogue;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CommandSideConfiguration {

    /**
     * The catalogue is part of the command's transaction: subscribing, and a failure (such as a duplicate SKU)
     * propagates and rolls the command back instead of being logged and skipped.
     */
    @Bean
    ConfigurerModule productCatalogueProcessing() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(JpaProductCatalogue.GROUP)
                .registerListenerInvocationErrorHandler(
                        JpaProductCatalogue.GROUP, conf -> PropagatingErrorHandler.instance()));
    }
}
