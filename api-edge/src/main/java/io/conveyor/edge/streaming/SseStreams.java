package io.conveyor.edge.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryMessage;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.Exceptions;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns a subscription query into a server-sent event stream: the current state first, then every change. Each event
 * carries an {@code id:} built from its key and version; a change that is not newer than what the client already has
 * for that key (an update racing the initial read) is dropped. Comments keep the connection alive; the subscription
 * is closed when the stream ends, fails, or the client goes away. A change sent to many streams is serialised once
 * ({@link WrittenOnce}).
 *
 * <p>A slow client costs a bounded amount of memory and nobody else's time: at most {@code conveyor.sse.update-buffer}
 * changes wait for it. One more drops what it has not read, closes its subscription at once, and ends its stream
 * with a {@code stream-reset} event carrying a {@code retry:} hint; an {@code EventSource} reconnects by itself and
 * starts again from the current state, so it loses nothing but the intermediate versions.
 */
@Component
public class SseStreams {
    /** How long a client waits before it reconnects after a reset: long enough not to hammer a busy node. */
    static final Duration RECONNECT_AFTER_RESET = Duration.ofSeconds(1);

    private final QueryGateway queries;
    private final SseSettings settings;
    private final WrittenOnce written;

    SseStreams(QueryGateway queries, SseSettings settings, ObjectMapper json) {
        this.queries = queries;
        this.settings = settings;
        this.written = new WrittenOnce(json);
    }

    /** Opens the subscription now, so that a caller can look at the initial state before the stream is returned. */
    public <I, U> Subscription<I, U> subscribe(Object query, Class<I> initialType, Class<U> updateType) {
        return new Subscription<>(
                queries.subscriptionQuery(
                        QueryMessage.queryName(query),
                        query,
                        ResponseTypes.optionalInstanceOf(initialType),
                        ResponseTypes.instanceOf(updateType),
                        settings.updateBuffer()),
                settings.updateBuffer());
    }

    /** Same, for queries whose initial state is a list. */
    public <U> Subscription<List<U>, U> subscribeToList(Object query, Class<U> updateType) {
        SubscriptionQueryResult<List<U>, U> result = queries.subscriptionQuery(
                QueryMessage.queryName(query),
                query,
                ResponseTypes.multipleInstancesOf(updateType),
                ResponseTypes.instanceOf(updateType),
                settings.updateBuffer());
        return new Subscription<>(new OptionalInitial<>(result), settings.updateBuffer());
    }

    /**
     * @param items the views to send, initial state first
     * @param event the SSE event name
     * @param key what a version counts for (one order, one product)
     * @param version grows with every change of a key
     * @param last the stream ends after sending an item that matches
     */
    public <T> Flux<ServerSentEvent<Object>> stream(
            Subscription<?, ?> subscription,
            Flux<T> items,
            String event,
            Function<T, String> key,
            Function<T, Long> version,
            Predicate<T> last) {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Flux<ServerSentEvent<Object>> events = items.filter(item -> isNewer(sent, key.apply(item), version.apply(item)))
                .takeUntil(last)
                .map(item -> ServerSentEvent.builder()
                        .id(key.apply(item) + ":" + version.apply(item))
                        .event(event)
                        .data((Object) written.of(item))
                        .build())
                .onErrorResume(e -> Mono.just(ServerSentEvent.builder()
                        .event("stream-reset")
                        .retry(RECONNECT_AFTER_RESET)
                        .data((Object) Map.of("reason", "the stream fell behind; reconnect to start again"))
                        .build()));
        // a heartbeat the client cannot take yet is worth nothing: it must neither queue up nor fail the stream
        Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(settings.heartbeat())
                .onBackpressureDrop()
                .map(tick -> ServerSentEvent.builder().comment("heartbeat").build());
        // a prefetch of one: the changes wait in the subscription's bounded buffer, not in a queue of their own here
        return events.publish(shared -> Flux.merge(shared, heartbeats.takeUntilOther(shared.then())), 1)
                .doFinally(signal -> subscription.close());
    }

    private static boolean isNewer(Map<String, Long> sent, String key, long version) {
        Long before = sent.get(key);
        if (before != null && before >= version) {
            return false;
        }
        sent.put(key, version);
        return true;
    }

    /** An open subscription query: its initial state (empty when there is none) and its updates. */
    public static final class Subscription<I, U> {
        private final SubscriptionQueryResult<Optional<I>, U> result;
        private final int buffer;
        private final AtomicBoolean closed = new AtomicBoolean();

        Subscription(SubscriptionQueryResult<Optional<I>, U> result, int buffer) {
            this.result = result;
            this.buffer = buffer;
        }

        /** The state now; a failure to read it closes the subscription, which nobody would close otherwise. */
        public Optional<I> initial() {
            try {
                return result.initialResult().blockOptional().flatMap(Function.identity());
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        /**
         * The changes, of which at most the update buffer waits for a slow reader. One more fails the flux and closes
         * the subscription at once, whether or not the client ever reads again.
         */
        public Flux<U> updates() {
            return result.updates()
                    .onBackpressureBuffer(buffer, BufferOverflowStrategy.ERROR)
                    .doOnError(Exceptions::isOverflow, e -> close());
        }

        /** Once: an overflow closes the subscription before the stream ends, which closes it again. */
        public void close() {
            if (closed.compareAndSet(false, true)) {
                result.close();
            }
        }
    }

    /** Adapts a list-typed initial result to the optional shape every subscription has here. */
    private record OptionalInitial<I, U>(SubscriptionQueryResult<I, U> delegate)
            implements SubscriptionQueryResult<Optional<I>, U> {
        @Override
        public Mono<Optional<I>> initialResult() {
            return delegate.initialResult().map(Optional::of);
        }

        @Override
        public Flux<U> updates() {
            return delegate.updates();
        }

        @Override
        public boolean cancel() {
            return delegate.cancel();
        }
    }
}
