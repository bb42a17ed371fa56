package io.conveyor.edge.support;

import static org.awaitility.Awaitility.await;

import java.io.File;
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
import java.util.concurrent.TimeUnit;

/**
 * The packaged application as a separate process on a PostgreSQL test database: a real node, with its own JVM,
 * Quartz scheduler and token-claim owner, that can be stopped gracefully or killed with SIGKILL.
 */
public final class ConveyorProcess implements AutoCloseable {
    private static final Path LOGS = Path.of("target", "processes");
    /** the nodes run on the JDK that runs the tests */
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** the executable jar this build packaged */
    private static final File JAR =
            new File(System.getProperty("conveyor.jar", "target/api-edge-0.1.0-SNAPSHOT-exec.jar")).getAbsoluteFile();

    private final Process process;
    private final int port;

    private ConveyorProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a node on the named test database and waits until it answers. */
    public static ConveyorProcess start(String database, String name, String... arguments) throws IOException {
        return start(database, name, freePort(), arguments);
    }

    public static ConveyorProcess start(String database, String name, int port, String... arguments)
            throws IOException {
        Files.createDirectories(LOGS);
        return start(database, name, port, launcher(), arguments);
    }

    /** As {@link #start(String, String, String...)}, from the executable jar itself, as docs/operations.md runs it. */
    public static ConveyorProcess startFromJar(String database, String name, String... arguments) throws IOException {
        Files.createDirectories(LOGS);
        return start(database, name, freePort(), List.of(JAVA, "-jar", JAR.toString()), arguments);
    }

    private static ConveyorProcess start(
            String database, String name, int port, List<String> launcher, String... arguments) throws IOException {
        String[] coordinates = TestDatabaseEnvironment.coordinatesOf(database);
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(
                "--spring.profiles.active=postgres",
                "--server.port=" + port,
                "--conveyor.security.dev-key=" + TestTokens.KEY,
                // these nodes are loaded on purpose, by one client; RateLimitHttpTest covers the limits
                "--conveyor.rate-limit.enabled=false"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        LOGS.resolve(database + "-" + name + ".log").toFile()));
        builder.environment().put("CONVEYOR_DB_URL", coordinates[0]);
        builder.environment().put("CONVEYOR_DB_USER", coordinates[1]);
        builder.environment().put("CONVEYOR_DB_PASSWORD", coordinates[2]);
        ConveyorProcess node = new ConveyorProcess(builder.start(), port);
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(() -> http.send(
                                        HttpRequest.newBuilder(URI.create(node.baseUrl() + "/actuator/health"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        return node;
    }

    /**
     * The packaged application as the README's run command starts it: extracted, with the class-data archive that
     * {@code ./conveyor} records once per build (decision 43), which it makes here if it has not yet. A node then
     * starts in about half the time, and these tests start six of them.
     */
    private static synchronized List<String> launcher() throws IOException {
        ProcessBuilder prepare = new ProcessBuilder(Repository.file("conveyor").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        LOGS.resolve("prepare.log").toFile()));
        prepare.environment().put("CONVEYOR_SKIP_BUILD", "1");
        prepare.environment().put("CONVEYOR_PREPARE_ONLY", "1");
        // the archive holds this JDK's classes: the nodes run on the JDK that runs the tests
        prepare.environment().put("JAVA_HOME", System.getProperty("java.home"));
        try {
            Process preparing = prepare.start();
            if (!preparing.waitFor(5, TimeUnit.MINUTES) || preparing.exitValue() != 0) {
                preparing.destroyForcibly();
                throw new IllegalStateException("./conveyor did not prepare the application: see " + LOGS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Path app = Repository.file("api-edge/target/app");
        Path archive = app.resolve("conveyor.jsa");
        List<String> command = new ArrayList<>(List.of(JAVA));
        if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.addAll(List.of("-jar", app.resolve(JAR.getName()).toString()));
        return command;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** SIGKILL: no shutdown hook runs, nothing is released. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: a graceful shutdown. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
