package io.conveyor.edge.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.annotation.Nonnull;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.axonframework.queryhandling.SubscriptionQueryBackpressure;
import org.axonframework.queryhandling.SubscriptionQueryMessage;
import org.axonframework.queryhandling.UpdateHandlerRegistration;

/**
 * Axon's update emitter, with its check for a subscription registered twice made a lookup. Axon's own compares the
 * new subscription's identifier with that of every open one, so that opening n streams costs n² comparisons: while
 * 10,000 streams opened, half of the node's samples (docs/benchmarks.md, P5; decision 49). Here the open
 * subscriptions are indexed by identifier; an entry leaves when its updates end or its registration is cancelled, and
 * an entry Axon has let go some other way (an update that failed) is not counted and is dropped when looked up.
 */
final class IndexedQueryUpdateEmitter extends SimpleQueryUpdateEmitter {
    private final Map<String, SubscriptionQueryMessage<?, ?, ?>> open = new ConcurrentHashMap<>();

    IndexedQueryUpdateEmitter(Builder builder) {
        super(builder);
    }

    @Override
    public boolean queryUpdateHandlerRegistered(@Nonnull SubscriptionQueryMessage<?, ?, ?> query) {
        SubscriptionQueryMessage<?, ?, ?> known = open.get(query.getIdentifier());
        if (known == null) {
            return false;
        }
        // Axon's set of open subscriptions compares messages by identity: a hash lookup, not a walk
        if (activeSubscriptions().contains(known)) {
            return true;
        }
        open.remove(query.getIdentifier(), known);
        return false;
    }

    @Override
    public <U> UpdateHandlerRegistration<U> registerUpdateHandler(
            @Nonnull SubscriptionQueryMessage<?, ?, ?> query, int updateBufferSize) {
        return indexed(query, super.registerUpdateHandler(query, updateBufferSize));
    }

    @Override
    @Deprecated
    public <U> UpdateHandlerRegistration<U> registerUpdateHandler(
            SubscriptionQueryMessage<?, ?, ?> query, SubscriptionQueryBackpressure backpressure, int updateBufferSize) {
        return indexed(query, super.registerUpdateHandler(query, backpressure, updateBufferSize));
    }

    /** Axon has registered it: indexed until its updates end or its registration is cancelled. */
    private <U> UpdateHandlerRegistration<U> indexed(
            SubscriptionQueryMessage<?, ?, ?> query, UpdateHandlerRegistration<U> registration) {
        open.put(query.getIdentifier(), query);
        Runnable forget = () -> open.remove(query.getIdentifier(), query);
        return new UpdateHandlerRegistration<>(
                () -> {
                    forget.run();
                    return registration.getRegistration().cancel();
                },
                registration.getUpdates().doFinally(signal -> forget.run()),
                registration::complete);
    }

    /** Open subscriptions in the index, for tests: it must not outgrow Axon's own. */
    int indexed() {
        return open.size();
    }
}
