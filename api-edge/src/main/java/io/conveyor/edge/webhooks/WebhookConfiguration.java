package io.conveyor.edge.webhooks;

import java.net.InetAddress;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.async.SequentialPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    /**
     * The webhooks processor handles all events as one sequence, on one segment at a time: deliveries are stored in the
     * order it meets the events, which is what lets a receiver get them in order. Storing a delivery is one small
     * insert, so one thread keeps up.
     */
    @Bean
    ConfigurerModule webhookSequencing() {
        return configurer -> configurer.eventProcessing(
                processing -> processing.registerSequencingPolicy(WebhookOutbox.GROUP, conf -> new SequentialPolicy()));
    }

    @Bean
    TargetGuard.HostResolver hostResolver() {
        return InetAddress::getAllByName;
    }
}
