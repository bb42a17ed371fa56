package io.conveyor.contracts.common;

/**
 * Every message carries the tenant it acts for in its metadata under {@link #KEY}; queries name theirs as their first
 * component. Events stored before tenants existed carry none and belong to {@link #DEFAULT}.
 */
public final class TenantMetadata {
    public static final String KEY = "tenant";
    public static final String DEFAULT = "default";

    private TenantMetadata() {}

    /** The tenant a metadata value names, {@link #DEFAULT} when there is none. */
    public static String orDefault(Object value) {
        return value == null ? DEFAULT : value.toString();
    }
}
