package io.conveyor.benchmark.platform;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The application under test in a JVM of its own, started from the benchmark's class path: the load comes from
 * another process, over loopback, as a client's would.
 */
final class Node implements AutoCloseable {
    /** Heap of every node: the fan-out goal is a heap under 1 GiB, and both configurations get the same. */
    static final String HEAP = "-Xmx1g";

    private final Process process;
    private final int port;
    private final long startedNanos;

    private Node(Process process, int port, long startedNanos) {
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts a node and returns at once; {@link #awaitReady} waits for it.
     *
     * @param environment the database's coordinates (CONVEYOR_DB_*), empty for the embedded default
     * @param workingDirectory where the embedded default keeps {@code ./data}
     */
    static Node launch(
            String name,
            Path workingDirectory,
            Map<String, String> environment,
            List<String> jvmOptions,
            List<String> arguments)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.conveyor.ConveyorApplication"));
        command.addAll(arguments);
        return launchCommand(name, workingDirectory, environment, command);
    }

    /**
     * Starts {@code command} followed by {@code --server.port=<a free port>}, as a node of its own; the command must
     * replace its process with the JVM's (a script that ends in {@code exec}), so that closing the node stops it.
     */
    static Node launchCommand(String name, Path workingDirectory, Map<String, String> environment, List<String> command)
            throws IOException {
        Path logs = Path.of("benchmarks", "target", "nodes").toAbsolutePath();
        Files.createDirectories(logs);
        Files.createDirectories(workingDirectory);
        int port = freePort();
        List<String> withPort = new ArrayList<>(command);
        withPort.add("--server.port=" + port);
        ProcessBuilder builder = new ProcessBuilder(withPort)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        logs.resolve(name + ".log").toFile()));
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        return new Node(builder.start(), port, started);
    }

    /** Waits until the node reports itself healthy. */
    Node awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "node exited with " + process.exitValue() + "; see benchmarks/target/nodes");
            }
            try {
                HttpResponse<Void> health = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("node not healthy after " + timeout);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    long startedNanos() {
        return startedNanos;
    }

    /** A graceful stop, as an operator's SIGTERM. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
