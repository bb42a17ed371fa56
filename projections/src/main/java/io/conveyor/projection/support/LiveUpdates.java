package io.conveyor.projection.support;

import java.util.List;
import java.util.Optional;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Pushes a read-model change to the subscription queries it answers: on this node through Axon's emitter, and on
 * the other nodes through the {@link UpdateRelay} when one is configured. Subscribers are chosen by equality with
 * the queries named, not by a predicate, so that the choice can travel to another node.
 *
 * <p>A change made while a projection replays old events is not pushed: subscribers hold the model as it is now, and
 * the replay walks it through its past states. Events stored after the replay began are pushed as usual.
 */
@Component
public class LiveUpdates {
    private final QueryUpdateEmitter emitter;
    private final ObjectProvider<UpdateRelay> relay;
    /** Looked up once, on first use: the relay needs this bean, so it cannot be injected directly. */
    private volatile Optional<UpdateRelay> resolved;

    LiveUpdates(QueryUpdateEmitter emitter, ObjectProvider<UpdateRelay> relay) {
        this.emitter = emitter;
        this.relay = relay;
    }

    /** Sends {@code update} to every subscription whose query equals one of {@code queries}. */
    public <Q, U> void emit(Class<Q> queryType, List<Q> queries, U update) {
        if (!wanted()) {
            return;
        }
        emitLocally(queryType, queries, update);
        relay().ifPresent(r -> r.publish(queryType, queries, update));
    }

    /**
     * Whether a change made now would be pushed: not while the event being handled is a replay's. A projection that
     * must read its row back to push it skips the read when nothing would be pushed.
     */
    public boolean wanted() {
        return !CurrentUnitOfWork.map(unitOfWork -> ReplayToken.isReplay(unitOfWork.getMessage()))
                .orElse(false);
    }

    private Optional<UpdateRelay> relay() {
        Optional<UpdateRelay> r = resolved;
        if (r == null) {
            r = Optional.ofNullable(relay.getIfAvailable());
            resolved = r;
        }
        return r;
    }

    <Q, U> void emitLocally(Class<Q> queryType, List<Q> queries, U update) {
        emitter.emit(queryType, queries::contains, update);
    }
}
