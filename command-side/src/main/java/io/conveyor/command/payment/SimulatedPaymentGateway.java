package io.conveyor.command.payment;

import io.conveyor.contracts.payment.PaymentId;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A simulated payment provider: it answers on its own thread after a latency, the way a provider's webhook arrives.
 * The token decides the answer: {@code tok_decline...} is declined, {@code tok_timeout...} is never answered, anything
 * else is authorised. Answers are not kept across restarts, as with a provider whose webhook was lost.
 */
public class SimulatedPaymentGateway implements PaymentGateway, AutoCloseable {
    static final String DECLINE_PREFIX = "tok_decline";
    static final String TIMEOUT_PREFIX = "tok_timeout";

    private final ScheduledExecutorService executor;
    private final Duration latency;
    private final PaymentGatewayListener listener;
    private final Map<PaymentId, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

    public SimulatedPaymentGateway(
            ScheduledExecutorService executor, Duration latency, PaymentGatewayListener listener) {
        this.executor = executor;
        this.latency = latency;
        this.listener = listener;
    }

    @Override
    public void authorise(Authorisation request) {
        String token = request.paymentToken();
        if (token.startsWith(TIMEOUT_PREFIX)) {
            return; // the provider never answers
        }
        Runnable answer = token.startsWith(DECLINE_PREFIX)
                ? () -> listener.declined(request.paymentId(), "card-declined")
                : () -> listener.authorised(request.paymentId(), "sim_" + UUID.randomUUID());
        pending.compute(request.paymentId(), (id, earlier) -> earlier != null ? earlier : later(id, answer));
    }

    @Override
    public void voidAuthorisation(PaymentId paymentId) {
        ScheduledFuture<?> answer = pending.remove(paymentId);
        if (answer != null) {
            answer.cancel(false);
        }
    }

    @Override
    public void refund(Refund request) {
        executor.schedule(() -> listener.refunded(request.paymentId()), latency.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops answering: answers still due are dropped, as a provider's webhooks are when nobody listens. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** How many authorisations still wait for their answer. */
    int pendingAnswers() {
        return (int) pending.values().stream().filter(f -> !f.isDone()).count();
    }

    private ScheduledFuture<?> later(PaymentId paymentId, Runnable answer) {
        return executor.schedule(
                () -> {
                    answer.run();
                    pending.remove(paymentId);
                },
                latency.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
