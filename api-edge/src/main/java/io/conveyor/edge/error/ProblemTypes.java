package io.conveyor.edge.error;

import java.net.URI;

/** The stable problem types of the API. Clients branch on these URIs; their documentation is docs/api.md. */
public final class ProblemTypes {
    private static final String BASE = "https://conveyor.io/problems/";

    public static final URI MALFORMED_REQUEST = type("malformed-request");
    public static final URI VALIDATION_FAILED = type("validation-failed");
    public static final URI NOT_FOUND = type("not-found");
    public static final URI UNAUTHORIZED = type("unauthorized");
    public static final URI FORBIDDEN = type("forbidden");
    public static final URI INVALID_SIGNATURE = type("invalid-signature");
    public static final URI RULE_VIOLATED = type("rule-violated");
    public static final URI STATE_CONFLICT = type("state-conflict");
    public static final URI CONCURRENCY_CONFLICT = type("concurrency-conflict");
    public static final URI VIEW_NOT_READY = type("view-not-ready");
    public static final URI TOO_MANY_STREAMS = type("too-many-streams");
    public static final URI RATE_LIMITED = type("rate-limited");
    public static final URI IDEMPOTENCY_KEY_REUSED = type("idempotency-key-reused");
    public static final URI IDEMPOTENCY_KEY_IN_PROGRESS = type("idempotency-key-in-progress");
    public static final URI METHOD_NOT_ALLOWED = type("method-not-allowed");
    public static final URI UNSUPPORTED_MEDIA_TYPE = type("unsupported-media-type");
    public static final URI NOT_ACCEPTABLE = type("not-acceptable");
    public static final URI INTERNAL_ERROR = type("internal-error");
    public static final URI UNKNOWN_EVENT_TYPE = type("unknown-event-type");
    public static final URI WEBHOOK_TARGET_REFUSED = type("webhook-target-refused");

    private ProblemTypes() {}

    private static URI type(String slug) {
        return URI.create(BASE + slug);
    }
}
