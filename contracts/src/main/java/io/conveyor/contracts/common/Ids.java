package io.conveyor.contracts.common;

import java.util.UUID;

/** Shared rules for the typed ids: a readable prefix names the kind of thing an id points at. */
public final class Ids {
    private static final int MAX_LENGTH = 64;

    private Ids() {}

    public static String random(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }

    public static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(name + " must be at most " + MAX_LENGTH + " characters");
        }
    }
}
