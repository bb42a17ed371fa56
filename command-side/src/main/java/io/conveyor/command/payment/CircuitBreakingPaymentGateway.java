package io.conveyor.command.payment;

import io.conveyor.contracts.payment.PaymentId;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The provider behind a circuit breaker. While the provider keeps failing, calls are refused at once instead of each
 * waiting for its own failure; every refusal and every failure reaches the caller as a
 * {@link PaymentGatewayUnavailableException}, which says whether the provider was called at all.
 */
class CircuitBreakingPaymentGateway implements PaymentGateway {
    private final PaymentGateway provider;
    private final CircuitBreaker breaker;

    CircuitBreakingPaymentGateway(PaymentGateway provider, CircuitBreaker breaker) {
        this.provider = provider;
        this.breaker = breaker;
    }

    @Override
    public void authorise(Authorisation request) {
        call(() -> provider.authorise(request));
    }

    @Override
    public void voidAuthorisation(PaymentId paymentId) {
        call(() -> provider.voidAuthorisation(paymentId));
    }

    @Override
    public void refund(Refund request) {
        call(() -> provider.refund(request));
    }

    private void call(Runnable providerCall) {
        try {
            breaker.executeRunnable(providerCall);
        } catch (CallNotPermittedException open) {
            throw new PaymentGatewayUnavailableException(
                    PaymentGatewayUnavailableException.CIRCUIT_OPEN, "the payment provider's circuit is open", open);
        } catch (PaymentGatewayUnavailableException failed) {
            throw failed;
        } catch (RuntimeException failed) {
            // whatever else an adapter throws is a call that did not work: a decline comes back as an answer
            throw new PaymentGatewayUnavailableException(
                    PaymentGatewayUnavailableException.CALL_FAILED, "the payment provider call failed", failed);
        }
    }
}
