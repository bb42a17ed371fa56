package io.conveyor.edge.openapi;

import static io.conveyor.edge.openapi.ApiDocument.headerRef;
import static io.conveyor.edge.openapi.ApiDocument.text;
import static io.conveyor.edge.openapi.ApiDocument.types;

import io.conveyor.edge.openapi.ApiDocument.Problem;
import io.conveyor.edge.security.ScopeRules;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;

/**
 * What every operation shares, stated once by rule instead of on each controller: the scopes it needs
 * ({@link ScopeRules}), the headers it reads and writes, the problems it can answer, its captured examples, and the
 * exact shape of the views (every field is always written, some may be {@code null}).
 */
final class ContractCustomizer implements OpenApiCustomizer {
    private static final String EVENT_STREAM = org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE;

    /** View fields that are written as {@code null} until they have a value. */
    static final Map<String, Set<String>> NULLABLE = Map.of(
            "OrderView", Set.of("shipmentId", "rejectionReason"),
            "TimelineEntry", Set.of("reason"),
            "ShipmentView", Set.of("dispatchedAt", "deliveredAt", "location", "deliveryFailure"),
            "EventPage", Set.of("next"),
            "Verification", Set.of("firstMismatch"),
            "Mismatch", Set.of("eventId"),
            "Webhook", Set.of("description", "previousSecretValidUntil"),
            "CreatedWebhook", Set.of("description"),
            "WebhookDelivery",
                    Set.of("lastAttemptAt", "lastStatus", "lastLatencyMs", "lastError", "nextAttemptAt", "deliveredAt"),
            "WebhookDeliveryPage", Set.of("next"));

    /** Path parameters by name: what they hold, and a real value. */
    private static final Map<String, List<String>> PATH_PARAMETERS = Map.of(
            "productId", List.of("A product's id, `prd_` and a UUID.", "prd_7c0d2fd4-57a8-4cbf-ba25-ad75914824f6"),
            "orderId", List.of("An order's id, `ord_` and a UUID.", "ord_6bf38a88-2558-41ce-afb5-bdf9374dd57c"),
            "shipmentId", List.of("A shipment's id, `shp_` and a UUID.", "shp_78cca5d8-bb2d-4771-82bd-8f15b9614730"),
            "collection",
                    List.of(
                            "The domain of the aggregate's events: `orders`, `products`, `shipments` or `payments`.",
                            "products"),
            "id", List.of("The aggregate's id.", "prd_e68816cd-7e74-4058-99b3-d6348996a6f5"),
            "name", List.of("A streaming processor's name, as the list shows it.", "product-stock"),
            "webhookId", List.of("A webhook's id, `whk_` and a UUID.", "whk_0f8e2c7a-3b1d-4e59-9a64-2d7c5b8e1f30"),
            "deliveryId",
                    List.of(
                            "A delivery's id: the id of the event it carries, sent as `webhook-id`.",
                            "9b2f6d1e-4c3a-4f8b-a1d2-6e7f8a9b0c1d"));

    /** Types springdoc sees in method signatures that the document states another way. */
    private static final List<String> REPLACED_SCHEMAS = List.of("JsonNode", "ServerSentEventObject");

    private final CapturedExamples examples;

    ContractCustomizer(CapturedExamples examples) {
        this.examples = examples;
    }

    @Override
    public void customise(OpenAPI api) {
        Set<String> documented = new TreeSet<>();
        api.getPaths()
                .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                    HttpMethod http = HttpMethod.valueOf(method.name());
                    boolean stream = producesEventStream(operation);
                    boolean signed = ScopeRules.isSigned(http, path);
                    operation.setSecurity(new ArrayList<>(List.of(
                            signed
                                    ? new SecurityRequirement().addList(ApiDocument.SIGNATURE)
                                    : new SecurityRequirement()
                                            .addList(
                                                    ApiDocument.BEARER,
                                                    ScopeRules.scopesFor(http, path)
                                                            .orElseThrow(() -> new IllegalStateException(
                                                                    "no scope rule for " + http + " " + path
                                                                            + ": add one to ScopeRules"))))));
                    if (stream) {
                        describeStream(operation);
                        // or a ticket: the scopes are the ones the ticket was issued with
                        operation.addSecurityItem(new SecurityRequirement().addList(ApiDocument.STREAM_TICKET));
                    }
                    requestHeaders(operation, http, signed);
                    successHeaders(operation, http, path, signed);
                    problems(operation, http, path, stream, signed);
                    examples(operation);
                    documented.add(operation.getOperationId());
                }));
        Set<String> unknown = new TreeSet<>(examples.operationIds());
        unknown.removeAll(documented);
        if (!unknown.isEmpty()) {
            throw new IllegalStateException(CapturedExamples.RESOURCE + " names unknown operations " + unknown);
        }
        shapes(api);
    }

    private static boolean producesEventStream(Operation operation) {
        ApiResponse ok = operation.getResponses().get("200");
        return ok != null && ok.getContent() != null && ok.getContent().containsKey(EVENT_STREAM);
    }

    private static void describeStream(Operation operation) {
        operation
                .getResponses()
                .get("200")
                .description("A stream of server-sent events, described message by message in docs/asyncapi.yaml."
                        + " `:heartbeat` comments keep an idle stream open.")
                .content(new Content()
                        .addMediaType(
                                EVENT_STREAM,
                                new MediaType()
                                        .schema(text().description("`id:`, `event:` and `data:` lines per event"))));
    }

    private static void requestHeaders(Operation operation, HttpMethod method, boolean signed) {
        List<Parameter> parameters = new ArrayList<>();
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (ApiDocument.LAST_EVENT_ID.equals(parameter.getName())) {
                    parameters.add(parameterRef("LastEventId"));
                } else if (parameter.get$ref() == null) {
                    parameters.add(parameter);
                }
                List<String> described = PATH_PARAMETERS.get(parameter.getName());
                if ("path".equals(parameter.getIn()) && described != null) {
                    parameter.description(described.get(0)).example(described.get(1));
                }
            }
        }
        if (signed) {
            // webhook-signature is the security scheme; webhook-id is the handler's own parameter
            parameters.add(new Parameter()
                    .in("header")
                    .name("webhook-timestamp")
                    .required(true)
                    .description("When the message was signed, in seconds since the epoch; at most 5 minutes from"
                            + " the receiver's clock.")
                    .schema(text().pattern("^[0-9]{1,12}$"))
                    .example("1763900000"));
        } else if (HttpMethod.POST.equals(method)) {
            parameters.add(parameterRef("IdempotencyKey"));
        }
        if (HttpMethod.GET.equals(method)) {
            parameters.add(parameterRef("MinPosition"));
        }
        parameters.add(parameterRef("RequestId"));
        parameters.add(parameterRef("Traceparent"));
        operation.setParameters(parameters);
    }

    private static Parameter parameterRef(String component) {
        return new Parameter().$ref("#/components/parameters/" + component);
    }

    private static void successHeaders(Operation operation, HttpMethod method, String path, boolean signed) {
        operation.getResponses().forEach((status, response) -> {
            if (!status.startsWith("2")) {
                return;
            }
            response.addHeaderObject(ApiDocument.REQUEST_ID, headerRef(ApiDocument.REQUEST_ID));
            response.addHeaderObject(ApiDocument.TRACEPARENT, headerRef(ApiDocument.TRACEPARENT));
            if (!HttpMethod.POST.equals(method) || signed) {
                return; // a signed message dedupes on its webhook-id, not on an idempotency key
            }
            response.addHeaderObject(ApiDocument.REPLAYED, headerRef(ApiDocument.REPLAYED));
            if (isCommand(path)) {
                response.addHeaderObject(ApiDocument.POSITION, headerRef(ApiDocument.POSITION));
            }
            if (!path.contains("{") && !isTicket(path)) { // a POST to a collection creates
                response.addHeaderObject(ApiDocument.LOCATION, headerRef(ApiDocument.LOCATION));
            }
        });
    }

    /**
     * Commands change an aggregate; the admin endpoints act on processors and webhooks manage subscriptions, neither
     * of which has a position.
     */
    private static boolean isCommand(String path) {
        return !path.startsWith("/api/admin/") && !path.startsWith("/api/webhooks") && !isTicket(path);
    }

    /** A ticket is handed out, not a resource: nothing to locate. */
    private static boolean isTicket(String path) {
        return path.equals("/api/stream-tickets");
    }

    private static void problems(Operation operation, HttpMethod method, String path, boolean stream, boolean signed) {
        Set<Problem> answers = EnumSet.of(Problem.BAD_REQUEST, Problem.UNAUTHORIZED, Problem.INTERNAL_ERROR);
        if (!signed) {
            // a token's scopes may not suffice, and every caller with a token is rate limited
            answers.addAll(List.of(Problem.FORBIDDEN, Problem.TOO_MANY_REQUESTS));
        }
        if (path.contains("{")) {
            answers.add(Problem.NOT_FOUND);
        }
        if (HttpMethod.POST.equals(method)) {
            answers.addAll(List.of(Problem.CONFLICT, Problem.CONTENT_TOO_LARGE, Problem.UNPROCESSABLE));
        }
        if (operation.getRequestBody() != null) {
            answers.add(Problem.UNSUPPORTED_MEDIA_TYPE);
        }
        if (HttpMethod.GET.equals(method)) {
            answers.add(Problem.SERVICE_UNAVAILABLE);
        }
        for (Problem problem : answers) {
            operation.getResponses().addApiResponse(problem.status, new ApiResponse().$ref(problem.ref()));
        }
    }

    private void examples(Operation operation) {
        String id = operation.getOperationId();
        Map<String, Example> request = examples.request(id);
        if (!request.isEmpty()) {
            if (operation.getRequestBody() == null) {
                throw new IllegalStateException(id + " has request examples but takes no body");
            }
            operation.getRequestBody().getContent().values().forEach(media -> media.setExamples(request));
        }
        for (String status : examples.responseStatuses(id)) {
            ApiResponse response = operation.getResponses().get(status);
            if (response == null || response.getContent() == null) {
                throw new IllegalStateException(id + " has examples for " + status + ", which it does not answer");
            }
            response.getContent().values().forEach(media -> media.setExamples(examples.response(id, status)));
        }
    }

    /** Jackson writes every field of a view, {@code null} included: all are required, some may be null. */
    private static void shapes(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        REPLACED_SCHEMAS.forEach(schemas::remove);
        Schema<?> logged = schemas.get("LoggedEvent");
        if (logged != null) {
            logged.getProperties()
                    .put(
                            "payload",
                            new JsonSchema()
                                    .types(types("object"))
                                    .description("The event's fields, upcast to its current revision; GET"
                                            + " /api/events/types lists them per type."));
        }
        Set<String> views = new TreeSet<>();
        api.getPaths().values().stream()
                .map(PathItem::readOperations)
                .flatMap(List::stream)
                .flatMap(operation -> operation.getResponses().entrySet().stream())
                .filter(response -> response.getKey().startsWith("2"))
                .filter(response -> response.getValue().getContent() != null)
                .flatMap(response -> response.getValue().getContent().values().stream())
                .forEach(media -> collectRefs(media.getSchema(), schemas, views));
        for (String view : views) {
            Schema<?> schema = schemas.get(view);
            schema.setRequired(
                    new ArrayList<>(new TreeSet<>(schema.getProperties().keySet())));
        }
        NULLABLE.forEach((view, fields) -> {
            Schema<?> schema = schemas.get(view);
            if (schema == null || !views.contains(view)) {
                throw new IllegalStateException("NULLABLE names " + view + ", which no response carries");
            }
            for (String field : new TreeSet<>(fields)) {
                Schema<?> property = schema.getProperties().get(field);
                if (property == null) {
                    throw new IllegalStateException("NULLABLE names " + view + "." + field + ", which it lacks");
                }
                schema.getProperties().put(field, nullable(property));
            }
        });
        schemas.values().stream()
                .filter(schema -> schema.getRequired() != null)
                .forEach(schema -> schema.setRequired(new ArrayList<>(new TreeSet<>(schema.getRequired()))));
    }

    private static Schema<?> nullable(Schema<?> property) {
        if (property.getAnyOf() != null) {
            return property;
        }
        if (property.get$ref() != null) {
            return new JsonSchema()
                    .anyOf(List.of(new JsonSchema().$ref(property.get$ref()), new JsonSchema().types(types("null"))));
        }
        Set<String> types =
                new LinkedHashSet<>(property.getTypes() != null ? property.getTypes() : Set.of(property.getType()));
        types.add("null");
        property.setTypes(types);
        return property;
    }

    private static void collectRefs(Schema<?> schema, Map<String, Schema> schemas, Set<String> found) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (found.add(name)) {
                collectRefs(schemas.get(name), schemas, found);
            }
            return;
        }
        collectRefs(schema.getItems(), schemas, found);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(property -> collectRefs(property, schemas, found));
        }
        if (schema.getAnyOf() != null) {
            schema.getAnyOf().forEach(option -> collectRefs(option, schemas, found));
        }
    }
}
