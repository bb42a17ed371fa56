package io.conveyor.benchmark.platform;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;

/**
 * One SSE stream of the products of a tenant, read as an EventSource reads it: each event's {@code id:} line
 * ({@code productId:version}) is handed on with the moment it arrived. Lines are read without a thread per stream,
 * so thousands can be open at once.
 */
final class SseWatcher implements Flow.Subscriber<String> {
    private final BiConsumer<String, Long> onId;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile int status;

    private SseWatcher(BiConsumer<String, Long> onId) {
        this.onId = onId;
    }

    /** Opens the tenant's product stream; {@code onId} hears each event's id and its arrival in nanos. */
    static SseWatcher open(Api api, BiConsumer<String, Long> onId) {
        SseWatcher watcher = new SseWatcher(onId);
        api.http()
                .sendAsync(
                        api.request("/api/products/stream")
                                .timeout(java.time.Duration.ofDays(1))
                                .header("Accept", "text/event-stream")
                                .GET()
                                .build(),
                        info -> {
                            watcher.status = info.statusCode();
                            return HttpResponse.BodySubscribers.fromLineSubscriber(watcher);
                        })
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        watcher.opened.completeExceptionally(failure);
                    } else if (response.statusCode() != 200) {
                        watcher.opened.completeExceptionally(
                                new IllegalStateException("stream answered " + response.statusCode()));
                    }
                });
        return watcher;
    }

    /** Completes once the first event arrived (the stream's initial view). */
    CompletableFuture<Void> opened() {
        return opened;
    }

    void close() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.startsWith("id:")) {
            long arrived = System.nanoTime();
            onId.accept(line.substring(3).strip(), arrived);
            opened.complete(null);
        }
    }

    @Override
    public void onError(Throwable failure) {
        opened.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        opened.completeExceptionally(new IllegalStateException("stream ended, status " + status));
    }
}
