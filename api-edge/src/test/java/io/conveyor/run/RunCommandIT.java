package io.conveyor.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.conveyor.edge.support.ConveyorProcess;
import io.conveyor.edge.support.Repository;
import io.conveyor.edge.support.TestTokens;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * The README's run command, {@code ./conveyor}, on the jar this build packaged ({@code CONVEYOR_SKIP_BUILD}): it
 * records its class-data archive once, keeps it while the jar is unchanged, starts the embedded default with it in
 * the directory it is run from, and passes its arguments to the application.
 */
class RunCommandIT {
    private static final Path SCRIPT = Repository.file("conveyor");
    private static final Path APP = Repository.file("api-edge/target/app");
    private static final Path LOG =
            Path.of("target", "processes", "run-command.log").toAbsolutePath();

    @TempDir
    Path directory;

    @Test
    void records_its_archive_once_and_starts_the_embedded_default_with_it() throws Exception {
        FileSystemUtils.deleteRecursively(APP);
        Process prepare = run(Map.of("CONVEYOR_PREPARE_ONLY", "1"));
        assertThat(prepare.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(prepare.exitValue()).isZero();
        Path archive = APP.resolve("conveyor.jsa");
        assertThat(archive).isNotEmptyFile();
        FileTime recorded = Files.getLastModifiedTime(archive);

        Process again = run(Map.of("CONVEYOR_PREPARE_ONLY", "1"));
        assertThat(again.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(again.exitValue()).isZero();
        assertThat(Files.getLastModifiedTime(archive))
                .as("an unchanged jar keeps its archive")
                .isEqualTo(recorded);

        int port = ConveyorProcess.freePort();
        Process node = run(Map.of(), "--server.port=" + port, "--conveyor.security.dev-key=" + TestTokens.KEY);
        try {
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(300))
                    .ignoreExceptions()
                    .until(() -> send(http, port).statusCode() == 201);
            // the script replaced itself with the JVM, which maps the archive
            assertThat(node.info().arguments().map(List::of).orElseThrow())
                    .contains("-XX:SharedArchiveFile=" + archive);
            assertThat(directory.resolve("data").resolve("conveyor.mv.db")).isNotEmptyFile();
        } finally {
            node.destroy();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void passes_its_arguments_to_the_application() throws Exception {
        Path out = directory.resolve("token.txt");
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "dev-token", "--tenant=acme")
                .directory(directory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log()));
        builder.environment().put("CONVEYOR_SKIP_BUILD", "1");
        Process token = builder.start();
        assertThat(token.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(token.exitValue()).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8).strip())
                .as("only the token on standard output")
                .matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    private Process run(Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log()));
        builder.environment().put("CONVEYOR_SKIP_BUILD", "1");
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static File log() throws IOException {
        Files.createDirectories(LOG.getParent());
        return LOG.toFile();
    }

    private static HttpResponse<Void> send(HttpClient http, int port) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/products"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Authorization", TestTokens.bearer())
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"sku\":\"RUN-1\",\"name\":\"Run\",\"priceMinor\":100,\"currency\":\"EUR\",\"initialStock\":1}"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
