package io.conveyor.edge.amqp;

import io.conveyor.edge.events.CloudEventMapper;
import io.conveyor.edge.events.EventCatalogue;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Publication to RabbitMQ, only when {@code conveyor.amqp.enabled} (the {@code rabbitmq} profile sets it). Nothing
 * here exists otherwise, and Spring Boot's connection factory, present either way, connects only when used.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "conveyor.amqp", name = "enabled", havingValue = "true")
class AmqpConfiguration {

    @Bean
    AmqpEventPublisher amqpEventPublisher(
            AmqpSettings settings,
            CachingConnectionFactory connectionFactory,
            CloudEventMapper mapper,
            EventCatalogue catalogue,
            MeterRegistry meters) {
        // a confirm says the broker took a message, a return that no queue did: without either, "published" means
        // "written to a socket"
        if (!connectionFactory.isPublisherConfirms() || !connectionFactory.isPublisherReturns()) {
            throw new IllegalStateException("publishing events needs spring.rabbitmq.publisher-confirm-type=correlated"
                    + " and spring.rabbitmq.publisher-returns=true");
        }
        // not Spring Boot's template: its settings (retries, a default exchange) are for other uses
        RabbitTemplate rabbit = new RabbitTemplate(connectionFactory);
        rabbit.setMandatory(true);
        // each returned message is read from its own correlation, where the batch waiting for it looks
        rabbit.setReturnsCallback(returned -> {});
        return new AmqpEventPublisher(
                mapper,
                catalogue,
                rabbit,
                new RabbitAdmin(connectionFactory),
                new TopicExchange(settings.exchange(), true, false),
                settings.confirmTimeout(),
                new AmqpMetrics(meters));
    }

    /** A batch is awaited as a whole: bigger batches wait for the broker less often. */
    @Bean
    ConfigurerModule amqpPublisherBatches(AmqpSettings settings) {
        return configurer ->
                configurer.eventProcessing(processing -> processing.registerPooledStreamingEventProcessorConfiguration(
                        AmqpEventPublisher.GROUP, (axon, builder) -> builder.batchSize(settings.batchSize())));
    }

    /**
     * The exchange exists once the application runs, so consumers can bind their queues before the first event. Off
     * the start-up thread: a broker that does not answer at all would hold the start for the connection timeout.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> amqpExchangeDeclaration(AmqpEventPublisher publisher) {
        return ready -> {
            Thread declaration = new Thread(publisher::declareQuietly, "amqp-declare");
            declaration.setDaemon(true);
            declaration.start();
        };
    }
}
