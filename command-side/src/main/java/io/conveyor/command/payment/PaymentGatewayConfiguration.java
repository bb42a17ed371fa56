package io.conveyor.command.payment;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PaymentGatewayConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService paymentGatewayExecutor() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulated-payment-gateway");
            t.setDaemon(true);
            return t;
        });
    }

    /** The provider, always behind its circuit breaker: whoever calls the port gets the breaker with it. */
    @Bean
    PaymentGateway paymentGateway(
            ScheduledExecutorService paymentGatewayExecutor,
            SimulatedGatewaySettings settings,
            PaymentBreakerSettings breakerSettings,
            CommandGateway commands,
            PaymentCorrelations correlations,
            ObjectProvider<MeterRegistry> meters) {
        PaymentGateway provider = new SimulatedPaymentGateway(
                paymentGatewayExecutor, settings.latency(), new PaymentOutcomeRecorder(commands, correlations));
        CircuitBreaker breaker = CircuitBreaker.of("payment-provider", breakerSettings.toConfig());
        meters.ifAvailable(registry -> PaymentBreakerMetrics.bind(breaker, registry));
        return new CircuitBreakingPaymentGateway(provider, breaker);
    }

    /** How long the simulated provider takes to answer. */
    @ConfigurationProperties("conveyor.payment.simulated")
    record SimulatedGatewaySettings(@DefaultValue("300ms") Duration latency) {}
}
