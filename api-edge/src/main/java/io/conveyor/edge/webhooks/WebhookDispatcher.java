package io.conveyor.edge.webhooks;

import io.conveyor.edge.config.ProcessingSettings;
import io.conveyor.edge.deadletter.Backoff;
import io.conveyor.edge.signing.StandardWebhooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends pending deliveries, on every node. A subscription's deliveries go one at a time and in order: the node that
 * holds the subscription's lease sends its first pending delivery, and the next one only after that one is delivered
 * or dead. Requests are asynchronous (a slow receiver holds its own subscription back, nobody else's), at most
 * {@code max-in-flight} per node. Delivery is at least once: a node that dies mid-attempt leaves a delivery that another
 * node sends again once the lease has run out, with the same {@code webhook-id}.
 *
 * <p>Every attempt that is not answered with a 2xx fails and is retried with exponential backoff and jitter, or after
 * the receiver's {@code Retry-After}, until {@code max-attempts} have failed: 4xx included (a receiver that rejects a
 * message may be fixed and take it later, as most senders assume), and 3xx too, because redirects are never followed
 * (a redirect could lead anywhere, past the target checks).
 */
@Component
class WebhookDispatcher implements SmartLifecycle {
    static final String CONTENT_TYPE = "application/cloudevents+json";
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final String USER_AGENT = "Conveyor-Webhooks/1";

    private final WebhookStore store;
    private final TargetGuard guard;
    private final WebhookSettings settings;
    private final Backoff backoff;
    private final String node;
    private final MeterRegistry meters;
    private final TransactionTemplate transaction;
    private final Clock clock = Clock.systemUTC();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final AtomicLong lastPollFailure = new AtomicLong();

    private ScheduledExecutorService loop;
    private ExecutorService io;
    private HttpClient client;

    WebhookDispatcher(
            WebhookStore store,
            TargetGuard guard,
            WebhookSettings settings,
            ProcessingSettings processing,
            MeterRegistry meters,
            PlatformTransactionManager transactions) {
        this.store = store;
        this.guard = guard;
        this.settings = settings;
        this.backoff = settings.backoff();
        this.node = processing.nodeName();
        this.meters = meters;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** Looks for due deliveries now rather than at the next poll: new ones were stored, or an attempt ended. */
    void wake() {
        ScheduledExecutorService current = loop;
        if (current != null && wakeQueued.compareAndSet(false, true)) {
            try {
                current.execute(() -> {
                    wakeQueued.set(false);
                    poll();
                });
            } catch (RuntimeException stopping) {
                wakeQueued.set(false);
            }
        }
    }

    private void poll() {
        try {
            Instant now = clock.instant();
            int free = settings.maxInFlight() - inFlight.get();
            if (free <= 0) {
                return;
            }
            for (String subscription : store.dueSubscriptions(now, free)) {
                if (inFlight.get() >= settings.maxInFlight()) {
                    return;
                }
                if (!store.claim(subscription, node, now, now.plus(settings.lease()))) {
                    continue; // another node has it
                }
                Optional<WebhookStore.Outgoing> head = store.head(subscription);
                if (head.isEmpty()
                        || head.get().nextAttemptAt() == null
                        || head.get().nextAttemptAt().isAfter(now)) {
                    store.release(subscription, node);
                    continue;
                }
                send(head.get());
            }
        } catch (RuntimeException e) {
            // the database may be away for a moment; say so once a minute at most, and try again at the next poll
            long nowMillis = System.currentTimeMillis();
            if (nowMillis - lastPollFailure.getAndSet(nowMillis) > 60_000) {
                log.warn("looking for due webhook deliveries failed", e);
            }
        }
    }

    private void send(WebhookStore.Outgoing delivery) {
        inFlight.incrementAndGet();
        long started = System.nanoTime();
        AtomicReference<CompletableFuture<HttpResponse<Void>>> exchange = new AtomicReference<>();
        CompletableFuture<HttpResponse<Void>> attempt;
        try {
            URI target = URI.create(delivery.to().url());
            attempt = CompletableFuture.supplyAsync(
                            () -> {
                                guard.check(target); // resolved anew: the address may have changed since creation
                                return request(target, delivery);
                            },
                            io)
                    .thenCompose(request -> {
                        CompletableFuture<HttpResponse<Void>> sent =
                                client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
                        exchange.set(sent);
                        return sent;
                    })
                    // the request timeout covers the answer's head; this bounds the whole exchange, body included
                    .orTimeout(
                            settings.connectTimeout()
                                    .plus(settings.requestTimeout())
                                    .plusSeconds(1)
                                    .toMillis(),
                            TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        attempt.whenCompleteAsync(
                (response, failure) -> {
                    if (failure != null && exchange.get() != null) {
                        exchange.get().cancel(true);
                    }
                    finish(delivery, response, failure, Duration.ofNanos(System.nanoTime() - started));
                },
                loop);
    }

    private HttpRequest request(URI target, WebhookStore.Outgoing delivery) {
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        return HttpRequest.newBuilder(target)
                .timeout(settings.requestTimeout())
                .header("Content-Type", CONTENT_TYPE)
                .header("User-Agent", USER_AGENT)
                .header(StandardWebhooks.ID, delivery.eventId())
                .header(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
                .header(
                        StandardWebhooks.SIGNATURE,
                        StandardWebhooks.sign(
                                delivery.to().signingSecrets(now), delivery.eventId(), timestamp, delivery.payload()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.payload()))
                .build();
    }

    private void finish(
            WebhookStore.Outgoing delivery, HttpResponse<Void> response, Throwable failure, Duration latency) {
        try {
            Instant now = clock.instant();
            long millis = latency.toMillis();
            if (failure == null && response.statusCode() / 100 == 2) {
                transaction.executeWithoutResult(status -> {
                    store.recordDelivered(delivery, now, response.statusCode(), millis);
                    store.release(delivery.to().id(), node);
                });
                count("delivered", latency);
                return;
            }
            int attempts = delivery.attempts() + 1;
            Optional<Instant> next = Optional.empty();
            if (attempts < settings.maxAttempts()) {
                Duration wait = Optional.ofNullable(response)
                        .flatMap(r -> RetryAfter.parse(
                                r.headers().firstValue("Retry-After").orElse(null), now))
                        .map(asked -> asked.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : asked)
                        .orElseGet(() -> backoff.after(
                                attempts, ThreadLocalRandom.current().nextDouble()));
                next = Optional.of(now.plus(wait));
            }
            Optional<Instant> due = next;
            Integer status = response == null ? null : response.statusCode();
            String error = failure == null ? describe(response) : describe(failure);
            transaction.executeWithoutResult(tx -> {
                store.recordFailed(delivery, now, status, millis, error, due);
                store.release(delivery.to().id(), node);
            });
            count(due.isPresent() ? "failed" : "dead", latency);
            if (due.isEmpty()) {
                log.warn(
                        "webhook delivery {} to subscription {} is dead after {} attempts: {}",
                        delivery.eventId(),
                        delivery.to().id(),
                        attempts,
                        error);
            }
        } catch (RuntimeException e) {
            // not recorded: the lease runs out and the delivery is sent again, which at-least-once allows
            log.warn("recording the attempt of webhook delivery {} failed", delivery.eventId(), e);
        } finally {
            inFlight.decrementAndGet();
            wake();
        }
    }

    private void count(String outcome, Duration latency) {
        Counter.builder("conveyor.webhooks.deliveries")
                .description("webhook delivery attempts by outcome: delivered, failed (to be retried), dead")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
        Timer.builder("conveyor.webhooks.delivery.latency")
                .description("how long webhook delivery attempts took, until the receiver's answer or the failure")
                .tag("outcome", outcome.equals("delivered") ? "delivered" : "failed")
                .register(meters)
                .record(latency);
    }

    private static String describe(HttpResponse<Void> response) {
        int status = response.statusCode();
        if (status / 100 == 3) {
            return "HTTP " + status + ": redirects are not followed"
                    + response.headers()
                            .firstValue("Location")
                            .map(location -> " (Location: " + location + ")")
                            .orElse("");
        }
        return "HTTP " + status;
    }

    private String describe(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TargetGuard.RefusedTargetException refused) {
            return "target refused: " + refused.getMessage();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "no connection within " + settings.connectTimeout().toMillis() + " ms";
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "no answer within " + settings.requestTimeout().toMillis() + " ms";
        }
        if (cause instanceof ConnectException) {
            return "connection failed" + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        if (cause instanceof IOException) {
            return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        return "not sent: " + cause;
    }

    @Override
    public synchronized void start() {
        io = Executors.newCachedThreadPool(daemon("webhook-io"));
        client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                // HTTP/2 would announce itself on plain http with an h2c upgrade, which some receivers trip over
                .version(HttpClient.Version.HTTP_1_1)
                .executor(io)
                .build();
        loop = Executors.newSingleThreadScheduledExecutor(daemon("webhook-dispatch"));
        long every = settings.pollInterval().toMillis();
        loop.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        for (String status : new String[] {"pending", "dead"}) {
            Gauge.builder(
                            "conveyor.webhooks.backlog",
                            store,
                            s -> s.countsByStatus().getOrDefault(status, 0L))
                    .description("webhook deliveries waiting to be sent (pending) or given up (dead), in every tenant")
                    .tag("status", status)
                    .register(meters);
        }
    }

    @Override
    public synchronized void stop() {
        if (loop == null) {
            return;
        }
        loop.shutdownNow();
        io.shutdownNow();
        loop = null;
        try {
            store.releaseAll(node); // another node need not wait for the leases to run out
        } catch (RuntimeException e) {
            log.warn("releasing this node's webhook leases failed; they run out by themselves", e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return loop != null;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger number = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
