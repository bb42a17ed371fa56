package io.conveyor.edge.streaming;

import io.conveyor.edge.error.NotFoundException;
import io.conveyor.edge.error.ViewNotReadyException;
import io.conveyor.edge.security.Tenants;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads one view, with read-your-writes: a view that is missing although its aggregate is in the event store is
 * waited for (its projection is catching up) instead of being answered with a false 404.
 */
@Component
public class ViewReader {
    private final QueryGateway queries;
    private final AggregateExistence existence;
    private final ReadSettings settings;

    ViewReader(QueryGateway queries, AggregateExistence existence, ReadSettings settings) {
        this.queries = queries;
        this.existence = existence;
        this.settings = settings;
    }

    public <V> CompletableFuture<V> find(Object query, Class<V> viewType, String kind, Object id) {
        String tenant = Tenants.current(); // the answer may complete on another thread
        return queries.query(query, ResponseTypes.optionalInstanceOf(viewType))
                .thenCompose(found -> found.map(CompletableFuture::completedFuture)
                        .orElseGet(() -> awaitVisible(tenant, query, viewType, kind, id)));
    }

    /** Whether the id was ever written by the caller's tenant, whatever its read model says yet. */
    public boolean exists(Object id) {
        return existence.exists(Tenants.current(), id.toString());
    }

    private <V> CompletableFuture<V> awaitVisible(
            String tenant, Object query, Class<V> viewType, String kind, Object id) {
        if (!existence.exists(tenant, id.toString())) {
            return CompletableFuture.failedFuture(new NotFoundException(kind, id));
        }
        // subscribe before reading again, so an update between the two reads cannot be missed
        SubscriptionQueryResult<Optional<V>, V> subscription = queries.subscriptionQuery(
                query, ResponseTypes.optionalInstanceOf(viewType), ResponseTypes.instanceOf(viewType));
        return subscription
                .initialResult()
                .flatMap(initial -> initial.map(Mono::just)
                        .orElseGet(() -> subscription.updates().next()))
                // the updates ended without one (the subscription was closed or overflowed): not visible yet
                .switchIfEmpty(Mono.error(() -> new ViewNotReadyException(kind, id)))
                .timeout(settings.visibilityWait())
                .onErrorMap(TimeoutException.class, e -> new ViewNotReadyException(kind, id))
                .doFinally(signal -> subscription.close())
                .toFuture();
    }

    /**
     * A view as it was at an instant, computed from the events by the query's handler; 404 when the resource did not
     * exist yet. Not a read-your-writes read: the events are the source, so there is nothing to wait for.
     */
    public <T> CompletableFuture<T> findAsOf(Object query, Class<T> type, String kind, Object id, Instant asOf) {
        return queries.query(query, ResponseTypes.instanceOf(type)).thenApply(view -> {
            if (view == null) {
                throw new NotFoundException(kind, id + " at " + asOf);
            }
            return view;
        });
    }
}
