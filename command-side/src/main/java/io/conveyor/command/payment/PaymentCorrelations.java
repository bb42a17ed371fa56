package io.conveyor.command.payment;

import io.conveyor.contracts.payment.PaymentId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.stereotype.Component;

/**
 * The provider answers on its own thread, outside the handling of the event that called it, so Axon cannot carry the
 * correlation data (correlation, trace and request ids) over by itself. The relay remembers them per payment when it
 * calls the provider; the recorder attaches them to the command that records the answer. Bounded: the oldest are
 * forgotten first, and an answer after a restart goes on without them.
 */
@Component
class PaymentCorrelations {
    private static final int REMEMBERED = 10_000;

    private final Map<PaymentId, Map<String, ?>> byPayment = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PaymentId, Map<String, ?>> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Called while the payment's event is handled. */
    synchronized void remember(PaymentId payment) {
        if (CurrentUnitOfWork.isStarted()) {
            byPayment.put(payment, Map.copyOf(CurrentUnitOfWork.get().getCorrelationData()));
        }
    }

    /** The correlation data of the call this answer belongs to, or none. */
    synchronized Map<String, ?> recall(PaymentId payment) {
        Map<String, ?> data = byPayment.get(payment);
        return data == null ? Map.of() : data;
    }
}
