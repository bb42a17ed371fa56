package io.conveyor.command.fulfilment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the fulfilment of an order waits on the outside world.
 *
 * @param paymentTimeout how long an order waits for the provider's answer before it is rejected, retries included
 * @param paymentRetry when to ask the provider again after an attempt did not reach it
 */
@ConfigurationProperties("conveyor.fulfilment")
public record FulfilmentSettings(
        @DefaultValue("30s") Duration paymentTimeout,
        @DefaultValue PaymentRetry paymentRetry,
        @DefaultValue("2") int deliveryAttempts) {

    public FulfilmentSettings {
        if (deliveryAttempts < 1) {
            throw new IllegalArgumentException("conveyor.fulfilment.delivery-attempts must be 1 or more");
        }
    }

    /**
     * Exponential backoff with jitter: the n-th failed attempt is retried after {@code firstDelay * multiplier^(n-1)},
     * at most {@code maxDelay}, shortened by a random part of up to {@code jitter} of it, so that the orders an outage
     * held up do not all ask again at the same moment.
     *
     * @param firstDelay the wait after the first failed attempt
     * @param multiplier how much longer each following wait is
     * @param maxDelay the longest wait
     * @param jitter the largest fraction (0 to 1) a wait may be shortened by, at random
     */
    public record PaymentRetry(
            @DefaultValue("1s") Duration firstDelay,
            @DefaultValue("2") double multiplier,
            @DefaultValue("10s") Duration maxDelay,
            @DefaultValue("0.2") double jitter) {

        public PaymentRetry {
            if (multiplier < 1 || jitter < 0 || jitter > 1) {
                throw new IllegalArgumentException(
                        "a payment retry needs a multiplier of 1 or more and a jitter of 0 to 1");
            }
        }

        /**
         * The wait after the given failed attempt (1 for the first).
         *
         * @param random a number from 0 (inclusive) to 1 (exclusive) that picks the jitter
         */
        Duration delayAfter(int failedAttempt, double random) {
            double exponential = firstDelay.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempt - 1));
            double capped = Math.min(exponential, maxDelay.toMillis());
            return Duration.ofMillis(Math.round(capped * (1 - jitter * random)));
        }
    }
}
