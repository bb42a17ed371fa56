package io.conveyor.edge.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With the {@code json-logs} profile every console line is a JSON object, and a request's lines name its ids. */
@HttpTest
@TestPropertySource(properties = "spring.profiles.include=json-logs")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsHttpTest {
    @Autowired
    WebTestClient web;

    @Test
    void a_failed_command_logs_one_json_object_naming_the_request_and_tenant(CapturedOutput output) {
        String requestId = "json-" + UUID.randomUUID();
        // restocking an unknown product fails in the command handler, which logs a warning
        web.post()
                .uri("/api/products/prd_{id}/restock", UUID.randomUUID())
                .header("X-Request-Id", requestId)
                .bodyValue(Map.of("quantity", 1))
                .exchange()
                .expectStatus()
                .isNotFound();

        ObjectMapper json = new ObjectMapper();
        await().atMost(ConveyorApi.PATIENCE).untilAsserted(() -> {
            List<JsonNode> lines = Arrays.stream(output.getOut().split("\\R"))
                    .filter(line -> line.contains(requestId))
                    .map(line -> read(json, line))
                    .toList();
            assertThat(lines).isNotEmpty();
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.get("requestId").asText()).isEqualTo(requestId);
                assertThat(line.at("/log/level").asText()).isNotBlank();
                assertThat(line.at("/service/name").asText()).isEqualTo("conveyor");
            });
            assertThat(lines)
                    .anySatisfy(line -> assertThat(line.path("tenant").asText()).isEqualTo(TestTokens.TENANT));
        });
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
