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
 * The token decides the answer: {@code tok_decline...} is declined, {@code tok_timeout...} is never answered,
 * {@code tok_unavailable...} finds the provider down for the payment's first {@value #UNAVAILABLE_CALLS} calls (each
 * fails with {@link PaymentGatewayUnavailableException}) and authorised on the next, anything else is authorised.
 * Answers and failed calls are not kept across restarts, as with a provider whose webhook was lost.
 */
public class SimulatedPaymentGateway implements PaymentGateway, AutoCloseable {
    static final String DECLINE_PREFIX = "tok_decline";
    static final String TIMEOUT_PREFIX = "tok_timeout";
    static final String UNAVAILABLE_PREFIX = "tok_unavailable";
    /** Enough failures for a payment to be retried twice, and for a small breaker window to open. */
    static final int UNAVAILABLE_CALLS = 2;

    private final ScheduledExecutorService executor;
    private final Duration latency;
    private final PaymentGatewayListener listener;
    private final Map<PaymentId, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();
    private final Map<PaymentId, Integer> failedCalls = new ConcurrentHashMap<>();

    public SimulatedPaymentGateway(
            ScheduledExecutorService executor, Duration latency, PaymentGatewayListener listener) {
        this.executor = executor;
        this.latency = latency;
        this.listener = listener;
    }

    @Override
    public void authorise(Authorisation request) {
        String token = request.paymentToken();
        if (token.startsWith(UNAVAILABLE_PREFIX) && isDownFor(request.paymentId())) {
            throw new PaymentGatewayUnavailableException(
                    PaymentGatewayUnavailableException.CALL_FAILED,
                    "the simulated provider is unavailable for " + request.paymentId());
        }
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

    /** Counts this call; down for the first few calls of the payment only. */
    private boolean isDownFor(PaymentId paymentId) {
        int calls = failedCalls.merge(paymentId, 1, (earlier, one) -> Math.min(earlier + one, UNAVAILABLE_CALLS + 1));
        return calls <= UNAVAILABLE_CALLS;
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
