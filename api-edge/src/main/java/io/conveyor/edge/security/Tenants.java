package io.conveyor.edge.security;

/**
 * The tenant a request acts for. Every event carries its tenant in the metadata key {@link #METADATA_KEY}; events
 * written before tenants existed belong to {@link #DEFAULT}.
 */
public final class Tenants {
    public static final String METADATA_KEY = "tenant";
    public static final String DEFAULT = "default";

    private Tenants() {}

    /** The tenant of the request being handled on this thread. */
    public static String current() {
        return DEFAULT;
    }
}
