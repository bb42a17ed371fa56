package io.conveyor.edge.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.conveyor.edge.signing.StandardWebhooks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on a random loopback port, as a customer would run one: every request's signature is checked
 * with {@link StandardWebhooks#verify}, each path answers as its test tells it, and every request is kept.
 */
final class Receiver implements AutoCloseable {
    /** One request as it arrived, and what the receiver answered. */
    record Request(
            String path,
            String id,
            String timestamp,
            String signature,
            String contentType,
            byte[] body,
            Instant arrived,
            String verificationFailure,
            int answered) {

        boolean verified() {
            return verificationFailure == null;
        }
    }

    /** How a path answers; {@code attempt} counts this request's webhook-id at this path, from 1. */
    @FunctionalInterface
    interface Behaviour {
        Answer answer(String id, int attempt) throws Exception;
    }

    record Answer(int status, Map<String, String> headers) {
        static Answer ok() {
            return new Answer(204, Map.of());
        }

        static Answer status(int status) {
            return new Answer(status, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, List<String>> secrets = new ConcurrentHashMap<>();
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The path verifies with these secrets and answers as told. */
    void on(String path, List<String> verifyWith, Behaviour behaviour) {
        secrets.put(path, List.copyOf(verifyWith));
        behaviours.put(path, behaviour);
    }

    void verifyWith(String path, List<String> verifyWith) {
        secrets.put(path, List.copyOf(verifyWith));
    }

    List<Request> at(String path) {
        return requests.stream()
                .filter(r -> r.path().equals(path))
                .sorted(java.util.Comparator.comparing(Request::arrived))
                .toList();
    }

    /** The webhook-ids a path has seen, each once, in the order they first arrived. */
    List<String> distinctIds(String path) {
        return new ArrayList<>(
                new LinkedHashSet<>(at(path).stream().map(Request::id).toList()));
    }

    /** The webhook-ids a path has answered with a 2xx, each once, in order. */
    List<String> acceptedIds(String path) {
        return new ArrayList<>(new LinkedHashSet<>(at(path).stream()
                .filter(r -> r.answered() / 100 == 2)
                .map(Request::id)
                .toList()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Instant arrived = Instant.now();
            String id = exchange.getRequestHeaders().getFirst(StandardWebhooks.ID);
            String timestamp = exchange.getRequestHeaders().getFirst(StandardWebhooks.TIMESTAMP);
            String signature = exchange.getRequestHeaders().getFirst(StandardWebhooks.SIGNATURE);
            String failure = null;
            try {
                StandardWebhooks.verify(
                        secrets.getOrDefault(path, List.of()),
                        id,
                        timestamp,
                        signature,
                        body,
                        Instant.now(),
                        Duration.ofMinutes(5));
            } catch (StandardWebhooks.InvalidSignatureException e) {
                failure = e.getMessage();
            }
            Answer answer;
            Behaviour behaviour = behaviours.get(path);
            if (failure != null || behaviour == null) {
                answer = Answer.status(failure != null ? 401 : 404);
            } else {
                int attempt = attempts.merge(path + " " + id, 1, Integer::sum);
                try {
                    answer = behaviour.answer(id, attempt);
                } catch (Exception e) {
                    answer = Answer.status(500);
                }
            }
            requests.add(new Request(
                    path,
                    id,
                    timestamp,
                    signature,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body,
                    arrived,
                    failure,
                    answer.status()));
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
