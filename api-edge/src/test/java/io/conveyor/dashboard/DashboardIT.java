package io.conveyor.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.conveyor.edge.support.ConveyorProcess;
import io.conveyor.edge.support.Repository;
import io.conveyor.edge.support.TestDatabaseEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser: runs {@code dashboard-test/dashboard.test.mjs} (playwright-core driving headless
 * Chromium) against the packaged application, and saves its screenshot as {@code docs/dashboard.png}. Needs Node.js
 * and Chromium ({@code /usr/bin/chromium}, or {@code $CHROMIUM}); {@code -Ddashboard.test.skip=true} builds without.
 */
class DashboardIT {
    @Test
    void an_order_placed_in_the_browser_moves_across_the_board_and_the_event_log_survives_a_dropped_connection()
            throws Exception {
        assumeFalse(Boolean.getBoolean("dashboard.test.skip"), "-Ddashboard.test.skip=true");
        String database =
                "dashboard_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path log = Path.of("target", "processes", "dashboard-test.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        try (Connection db = TestDatabaseEnvironment.connectTo(database);
                ConveyorProcess node = ConveyorProcess.start(database, "dashboard")) {
            Process test = new ProcessBuilder(
                            "node",
                            Repository.file("dashboard-test/dashboard.test.mjs").toString(),
                            node.baseUrl(),
                            Repository.file("docs/dashboard.png").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean ended = test.waitFor(10, TimeUnit.MINUTES);
            if (!ended) {
                test.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(ended).as("the browser test ended:%n%s", output).isTrue();
            assertThat(test.exitValue())
                    .as("the browser test passed:%n%s", output)
                    .isZero();
            assertThat(output).contains("dashboard-test: passed");
        }
    }
}
