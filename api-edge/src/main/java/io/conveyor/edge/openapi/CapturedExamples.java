package io.conveyor.edge.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.swagger.v3.oas.models.examples.Example;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Requests and responses captured from a running node ({@code openapi/examples.yaml}, most of them also shown in
 * docs/api.md and docs/audit.md), by operation id and status, and the problems by status.
 */
final class CapturedExamples {
    static final String RESOURCE = "openapi/examples.yaml";

    private final JsonNode root;

    private CapturedExamples(JsonNode root) {
        this.root = root;
    }

    static CapturedExamples load() {
        try (InputStream in = CapturedExamples.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new CapturedExamples(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    Set<String> operationIds() {
        Set<String> ids = new TreeSet<>();
        root.path("operations").fieldNames().forEachRemaining(ids::add);
        return ids;
    }

    Map<String, Example> problems(String status) {
        return examples(root.path("problems").path(status));
    }

    Map<String, Example> request(String operationId) {
        return examples(root.path("operations").path(operationId).path("request"));
    }

    Set<String> responseStatuses(String operationId) {
        Set<String> statuses = new TreeSet<>();
        root.path("operations").path(operationId).path("responses").fieldNames().forEachRemaining(statuses::add);
        return statuses;
    }

    Map<String, Example> response(String operationId, String status) {
        return examples(
                root.path("operations").path(operationId).path("responses").path(status));
    }

    private static Map<String, Example> examples(JsonNode node) {
        Map<String, Example> examples = new LinkedHashMap<>();
        node.fields().forEachRemaining(entry -> {
            JsonNode value = entry.getValue().path("value");
            examples.put(
                    entry.getKey(),
                    new Example()
                            .summary(entry.getValue().path("summary").asText())
                            .value(value.isTextual() ? value.asText() : value));
        });
        return examples;
    }
}
