package io.conveyor.edge.openapi;

import io.conveyor.edge.error.ProblemTypes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The parts of the OpenAPI document that no controller says: what the API is, how a caller proves who it is, the
 * headers every request and response may carry, and the RFC 9457 problems every failure is answered with.
 */
final class ApiDocument {
    static final String BEARER = "bearerAuth";
    static final String SIGNATURE = "webhookSignature";
    static final String STREAM_TICKET = "streamTicket";
    static final String PROBLEM_JSON = "application/problem+json";

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REQUEST_ID = "X-Request-Id";
    static final String TRACEPARENT = "traceparent";
    static final String MIN_POSITION = "Conveyor-Min-Position";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String POSITION = "Conveyor-Position";
    static final String REPLAYED = "Idempotent-Replayed";
    static final String RETRY_AFTER = "Retry-After";
    static final String LOCATION = "Location";
    static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    static final String RATE_LIMIT = "RateLimit";
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

    /** The problem responses, by status; each is a component the operations refer to. */
    enum Problem {
        BAD_REQUEST(
                "400",
                "BadRequest",
                "The request is malformed (`malformed-request`: not JSON, an unknown field, a value of the wrong type)"
                        + " or breaks a constraint (`validation-failed`, with `errors` naming each field, parameter"
                        + " or header)."),
        UNAUTHORIZED(
                "401",
                "Unauthorized",
                "No bearer token, or one that is expired, malformed, not signed by the trusted issuer or naming no"
                        + " tenant (`unauthorized`, RFC 6750)."),
        FORBIDDEN(
                "403",
                "Forbidden",
                "The bearer token is valid but lacks the scope this operation asks for (`forbidden`; `detail` names"
                        + " the scope)."),
        NOT_FOUND(
                "404",
                "NotFound",
                "The id in the path names nothing the caller's tenant can see (`not-found`): unknown, another"
                        + " tenant's, or in the wrong format."),
        CONFLICT(
                "409",
                "Conflict",
                "Not possible in the resource's current state (`state-conflict`, with a `code`), another change to the"
                        + " same resource won (`concurrency-conflict`), or a request with the same `Idempotency-Key`"
                        + " is still running (`idempotency-key-in-progress`, with `Retry-After`)."),
        CONTENT_TOO_LARGE(
                "413", "ContentTooLarge", "The body is larger than `conveyor.edge.max-body-size` (64 KB by default)."),
        UNSUPPORTED_MEDIA_TYPE(
                "415", "UnsupportedMediaType", "The body is not `application/json` (`unsupported-media-type`)."),
        UNPROCESSABLE(
                "422",
                "UnprocessableContent",
                "A business rule refuses the command (`rule-violated`, with a `code`), or the `Idempotency-Key` was"
                        + " used before with a different request (`idempotency-key-reused`)."),
        TOO_MANY_REQUESTS(
                "429",
                "TooManyRequests",
                "The client's or the tenant's rate limit is reached (`rate-limited`; `RateLimit` and"
                        + " `RateLimit-Policy` say which and for how long), or, for a stream, the node or the tenant"
                        + " already has its most streams open (`too-many-streams`). Retry after `Retry-After`"
                        + " seconds."),
        INTERNAL_ERROR(
                "500", "InternalError", "Something unexpected failed (`internal-error`); no internals are shown."),
        SERVICE_UNAVAILABLE(
                "503",
                "ServiceUnavailable",
                "The read model has not caught up with the resource or with `Conveyor-Min-Position` in time"
                        + " (`view-not-ready`); retry after `Retry-After` seconds.");

        final String status;
        final String component;
        final String description;

        Problem(String status, String component, String description) {
            this.status = status;
            this.component = component;
            this.description = description;
        }

        String ref() {
            return "#/components/responses/" + component;
        }
    }

    private ApiDocument() {}

    static OpenAPI create(CapturedExamples examples) {
        return new OpenAPI()
                .info(new Info()
                        .title("Conveyor API")
                        .version("0.1.0")
                        .summary("Order fulfilment on an event-sourced core: commands, views, live streams and the"
                                + " event log.")
                        .description("""
                                Commands (`POST`) answer `201` or `202` once accepted; reservation, payment and \
                                shipment follow asynchronously, and the views (`GET`) follow the events with a short \
                                lag. Every failure is an RFC 9457 problem with a stable `type`.

                                The server-sent event streams are described in `docs/asyncapi.yaml`; the conventions \
                                (idempotency keys, positions, request ids) and captured examples are in `docs/api.md`."""))
                // relative: the node serving the document, whatever its host and port, is the one Swagger UI calls
                .servers(List.of(new Server().url("/").description("The node serving this document")))
                .tags(List.of(
                        tag("Products", "Products and their stock."),
                        tag("Orders", "Orders, their views and their live changes."),
                        tag("Shipments", "Shipments created by the fulfilment flow once an order is paid."),
                        tag("Carriers", "Tracking updates that carriers push, signed with their own secret."),
                        tag("Event log", "The event log: pages, a resumable live stream, an export, histories."),
                        tag("Audit", "Tamper evidence: the hash chain over the event log."),
                        tag("Stream tickets", "Single-use tickets that open one stream from a browser's EventSource."),
                        tag("Admin", "Operating the projections.")))
                .components(components(examples));
    }

    private static Tag tag(String name, String description) {
        return new Tag().name(name).description(description);
    }

    private static Components components(CapturedExamples examples) {
        Components components = new Components()
                .addSecuritySchemes(
                        BEARER,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("An OAuth2 access token (JWT) from the trusted issuer. Each operation"
                                        + " names the scopes it needs; an empty list accepts any valid token."))
                .addSecuritySchemes(
                        SIGNATURE,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER)
                                .name("webhook-signature")
                                .description("A Standard Webhooks signature (`v1,<base64 HMAC-SHA256>` of"
                                        + " `<webhook-id>.<webhook-timestamp>.<body>`), made with the sender's shared"
                                        + " secret; `webhook-id` and `webhook-timestamp` are sent beside it. See"
                                        + " docs/integrations.md."))
                .addSecuritySchemes(
                        STREAM_TICKET,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.QUERY)
                                .name("ticket")
                                .description("Instead of a bearer token, on a stream only: a single-use ticket from"
                                        + " `POST /api/stream-tickets` for this stream's path, presented within 30 s"
                                        + " on a GET that accepts `text/event-stream`; for browsers' `EventSource`,"
                                        + " which cannot send headers. See docs/security.md."))
                .addSchemas("Problem", problemSchema())
                .addSchemas("FieldError", fieldErrorSchema());
        requestHeaders().forEach(components::addParameters);
        responseHeaders().forEach(components::addHeaders);
        for (Problem problem : Problem.values()) {
            components.addResponses(problem.component, problemResponse(problem, examples.problems(problem.status)));
        }
        return components;
    }

    private static Map<String, Parameter> requestHeaders() {
        Map<String, Parameter> headers = new LinkedHashMap<>();
        headers.put(
                "IdempotencyKey",
                header(
                        IDEMPOTENCY_KEY,
                        "Makes a retry safe: the first request with a key runs; a retry with the same key and request"
                                + " gets the first response again (`Idempotent-Replayed: true`) and changes nothing."
                                + " Keys are kept 24 h.",
                        text().minLength(1).maxLength(255),
                        "7f3c9e1a-restock"));
        headers.put(
                "RequestId",
                header(
                        REQUEST_ID,
                        "The caller's id for this request, echoed in the response and kept in the metadata of every"
                                + " event the request causes. A value outside 1 to 128 of `A-Z a-z 0-9 . _ : -` is"
                                + " replaced by a new UUID.",
                        text().maxLength(128),
                        "checkout-5f1c2a"));
        headers.put(
                "Traceparent",
                header(
                        TRACEPARENT,
                        "W3C trace context. The trace id is kept and a new span id added; without a valid one a new"
                                + " trace starts.",
                        text().pattern("^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"),
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        headers.put(
                "MinPosition",
                header(
                        MIN_POSITION,
                        "Read your own writes: a `Conveyor-Position` from an earlier command. The read waits until the"
                                + " views have processed that position, or answers `503 view-not-ready`.",
                        text().pattern("^[0-9]+$"),
                        "42"));
        headers.put(
                "LastEventId",
                header(
                        LAST_EVENT_ID,
                        "The `id:` of the last event a reconnecting client saw: the stream continues after that"
                                + " position, and wins over `after`.",
                        text().pattern("^[0-9]+$"),
                        "9"));
        return headers;
    }

    private static Parameter header(String name, String description, Schema<?> schema, String example) {
        return new Parameter()
                .in("header")
                .name(name)
                .required(false)
                .description(description)
                .schema(schema)
                .example(example);
    }

    private static Map<String, Header> responseHeaders() {
        Map<String, Header> headers = new LinkedHashMap<>();
        headers.put(
                REQUEST_ID,
                responseHeader(
                        "The request's id: the caller's `X-Request-Id` when it was acceptable, else a new UUID.",
                        text(),
                        "checkout-5f1c2a"));
        headers.put(
                TRACEPARENT,
                responseHeader(
                        "W3C trace context of this request: the caller's trace id with a span id of the server's.",
                        text(),
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-7d5844c21130dd08-01"));
        headers.put(
                POSITION,
                responseHeader(
                        "The log position of the last event of the resource this command changed; send it back as"
                                + " `Conveyor-Min-Position` to read the change.",
                        integer(),
                        2));
        headers.put(
                REPLAYED,
                responseHeader(
                        "Present on a replayed response: a retry with the same `Idempotency-Key` and request got the"
                                + " first response again.",
                        text()._enum(List.of("true")),
                        "true"));
        headers.put(RETRY_AFTER, responseHeader("Seconds to wait before trying again.", integer(), 1));
        headers.put(LOCATION, responseHeader("The URL of the resource the command created.", text(), null));
        headers.put(
                RATE_LIMIT,
                responseHeader(
                        "Where the caller stands against its tighter limit (IETF httpapi draft): `r` tokens remaining,"
                                + " `t` seconds until the bucket is full again.",
                        text(),
                        "\"client\";r=0;t=1"));
        headers.put(
                RATE_LIMIT_POLICY,
                responseHeader(
                        "The limit in force: `q` requests a bucket holds, `w` seconds an empty one takes to fill.",
                        text(),
                        "\"client\";q=100;w=2"));
        headers.put(
                WWW_AUTHENTICATE,
                responseHeader("The bearer challenge (RFC 6750).", text(), "Bearer error=\"invalid_token\""));
        return headers;
    }

    private static Header responseHeader(String description, Schema<?> schema, Object example) {
        Header header = new Header().description(description).schema(schema);
        if (example != null) {
            header.example(example);
        }
        return header;
    }

    private static ApiResponse problemResponse(Problem problem, Map<String, Example> examples) {
        MediaType body = new MediaType().schema(new JsonSchema().$ref("#/components/schemas/Problem"));
        if (!examples.isEmpty()) {
            body.examples(examples);
        }
        ApiResponse response = new ApiResponse()
                .description(problem.description)
                .content(new Content().addMediaType(PROBLEM_JSON, body));
        response.addHeaderObject(REQUEST_ID, headerRef(REQUEST_ID));
        response.addHeaderObject(TRACEPARENT, headerRef(TRACEPARENT));
        switch (problem) {
            case CONFLICT, SERVICE_UNAVAILABLE -> response.addHeaderObject(RETRY_AFTER, headerRef(RETRY_AFTER));
            case TOO_MANY_REQUESTS -> {
                response.addHeaderObject(RETRY_AFTER, headerRef(RETRY_AFTER));
                response.addHeaderObject(RATE_LIMIT, headerRef(RATE_LIMIT));
                response.addHeaderObject(RATE_LIMIT_POLICY, headerRef(RATE_LIMIT_POLICY));
            }
            case UNAUTHORIZED, FORBIDDEN -> response.addHeaderObject(WWW_AUTHENTICATE, headerRef(WWW_AUTHENTICATE));
            default -> {}
        }
        return response;
    }

    static Header headerRef(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }

    private static Schema<?> problemSchema() {
        return new JsonSchema()
                .types(types("object"))
                .description("An RFC 9457 problem. Clients branch on `type`, a stable URI per kind of failure; a client"
                        + " should treat a type it does not know by its `status`.")
                .addProperty(
                        "type",
                        text().format("uri").description("The kind of failure.").examples(List.copyOf(problemTypes())))
                .addProperty("title", text().description("A short summary of the kind of failure."))
                .addProperty(
                        "status",
                        new JsonSchema()
                                .types(types("integer"))
                                .format("int32")
                                .minimum(java.math.BigDecimal.valueOf(400))
                                .maximum(java.math.BigDecimal.valueOf(599))
                                .description("The HTTP status, repeated."))
                .addProperty("detail", text().description("What went wrong with this request, for a person."))
                .addProperty(
                        "instance", text().format("uri-reference").description("The path of the request that failed."))
                .addProperty(
                        "code",
                        text().description("`rule-violated` and `state-conflict` only: which rule, machine-readable,"
                                        + " for example `invalid-quantity`, `sku-taken`, `order-already-shipped`.")
                                .examples(List.of("invalid-quantity", "order-already-shipped")))
                .addProperty(
                        "errors",
                        new JsonSchema()
                                .types(types("array"))
                                .description("`validation-failed` only: one entry per field, parameter or header.")
                                .items(new JsonSchema().$ref("#/components/schemas/FieldError")))
                .addProperty(
                        "unknownTypes",
                        new JsonSchema()
                                .types(types("array"))
                                .description("`unknown-event-type` only: the event type names that do not exist.")
                                .items(text()))
                .addProperty(
                        "url",
                        text().description("`webhook-target-refused` only: the webhook target that was refused."))
                .required(List.of("detail", "instance", "status", "title", "type"));
    }

    private static Schema<?> fieldErrorSchema() {
        return new JsonSchema()
                .types(types("object"))
                .addProperty(
                        "field",
                        text().description("The field's path (`lines[0].quantity`), parameter or header name."))
                .addProperty("message", text().description("What the value breaks."))
                .required(List.of("field", "message"));
    }

    /** Every type URI the edge answers with, sorted, from the one class that declares them. */
    static LinkedHashSet<String> problemTypes() {
        return Arrays.stream(ProblemTypes.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == URI.class)
                .map(ApiDocument::uriOf)
                .sorted()
                .collect(LinkedHashSet::new, LinkedHashSet::add, LinkedHashSet::addAll);
    }

    private static String uriOf(Field field) {
        try {
            return field.get(null).toString();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("problem types are public constants", e);
        }
    }

    static Schema<Object> text() {
        return new JsonSchema().types(types("string"));
    }

    private static Schema<Object> integer() {
        return new JsonSchema().types(types("integer")).format("int64").minimum(java.math.BigDecimal.ZERO);
    }

    static LinkedHashSet<String> types(String... types) {
        return new LinkedHashSet<>(List.of(types));
    }
}
