package io.conveyor.command.payment;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.commandhandling.gateway.CommandGateway;
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

    @Bean
    PaymentGateway paymentGateway(
            ScheduledExecutorService paymentGatewayExecutor,
            SimulatedGatewaySettings settings,
            CommandGateway commands,
            PaymentCorrelations correlations) {
        return new SimulatedPaymentGateway(
                paymentGatewayExecutor, settings.latency(), new PaymentOutcomeRecorder(commands, correlations));
    }

    /** How long the simulated provider takes to answer. */
    @ConfigurationProperties("conveyor.payment.simulated")
    record SimulatedGatewaySettings(@DefaultValue("300ms") Duration latency) {}
}
