package io.conveyor.command.fulfilment;

import java.time.Duration;

/** Settings for the saga's tests: a backoff without jitter, so that every wait is exact. */
final class TestSettings {
    /** 1 s, 2 s, 4 s, then 5 s at most. */
    static final FulfilmentSettings.PaymentRetry RETRY =
            new FulfilmentSettings.PaymentRetry(Duration.ofSeconds(1), 2, Duration.ofSeconds(5), 0);

    /** One failed delivery is tried again; the second failure returns the parcel. */
    static final int DELIVERY_ATTEMPTS = 2;

    private TestSettings() {}

    static FulfilmentSettings paymentTimeout(Duration timeout) {
        return new FulfilmentSettings(timeout, RETRY, DELIVERY_ATTEMPTS);
    }
}
