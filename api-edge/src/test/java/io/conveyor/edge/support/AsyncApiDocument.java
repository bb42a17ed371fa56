package io.conveyor.edge.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** docs/asyncapi.yaml, to hold what the application sends against what the document says it sends. */
public final class AsyncApiDocument {
    private final JsonNode document;

    private AsyncApiDocument(JsonNode document) {
        this.document = document;
    }

    public static AsyncApiDocument load() {
        try {
            return new AsyncApiDocument(new ObjectMapper(new YAMLFactory())
                    .readTree(Repository.file("docs/asyncapi.yaml").toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode root() {
        return document;
    }

    /** The node a {@code $ref} points to, after every hop; any other node as it is. */
    public JsonNode resolve(JsonNode node) {
        JsonNode resolved = node;
        while (resolved.has("$ref")) {
            resolved = document.at(resolved.path("$ref").asText().substring(1));
        }
        return resolved;
    }

    /** The JSON Schema keywords the document uses, checked strictly: a field it lacks or a wrong type is drift. */
    public List<String> violations(String at, JsonNode value, JsonNode schemaOrRef) {
        JsonNode schema = resolve(schemaOrRef);
        List<String> found = new ArrayList<>();
        if (schema.isMissingNode()) {
            return List.of(at + ": no schema");
        }
        if (schema.has("type")) {
            Set<String> types = new TreeSet<>();
            if (schema.path("type").isArray()) {
                schema.path("type").forEach(t -> types.add(t.asText()));
            } else {
                types.add(schema.path("type").asText());
            }
            if (types.stream().noneMatch(type -> isOfType(value, type))) {
                return List.of(at + ": " + value + " is not " + types);
            }
        }
        if (schema.has("const") && !schema.path("const").equals(value)) {
            found.add(at + ": " + value + " is not " + schema.path("const"));
        }
        if (schema.has("enum") && !value.isNull()) {
            List<JsonNode> allowed = new ArrayList<>();
            schema.path("enum").forEach(allowed::add);
            if (!allowed.contains(value)) {
                found.add(at + ": " + value + " is not one of " + allowed);
            }
        }
        if (schema.has("pattern")
                && value.isTextual()
                && !Pattern.compile(schema.path("pattern").asText())
                        .matcher(value.asText())
                        .find()) {
            found.add(at + ": " + value + " does not match " + schema.path("pattern"));
        }
        if (value.isObject()) {
            schema.path("required").forEach(required -> {
                if (!value.has(required.asText())) {
                    found.add(at + "." + required.asText() + ": missing");
                }
            });
            value.fieldNames().forEachRemaining(field -> {
                JsonNode property = schema.path("properties").path(field);
                if (!property.isMissingNode()) {
                    found.addAll(violations(at + "." + field, value.path(field), property));
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.path("additionalProperties").asBoolean()) {
                    found.add(at + "." + field + ": not in the document");
                }
            });
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                found.addAll(violations(at + "[" + i + "]", value.get(i), schema.path("items")));
            }
        }
        return found;
    }

    private static boolean isOfType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> false;
        };
    }
}
