package io.conveyor.edge.streaming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JSON of what the streams send, written once however many streams send the same item. A change reaches every
 * stream of its view as one and the same object, and each of them serialising it again was part of what a change
 * cost to reach 10,000 streams (docs/benchmarks.md, P5). The items are immutable views, recognised by identity among
 * the last ones written: each lands in one of {@link #SLOTS} slots by its identity hash, and a later item in the same
 * slot takes its place. Two streams that miss at once both write it; neither waits for the other.
 */
final class WrittenOnce {
    static final int SLOTS = 1024;

    private final ObjectMapper json;
    private final AtomicReferenceArray<Written> slots = new AtomicReferenceArray<>(SLOTS);

    WrittenOnce(ObjectMapper json) {
        this.json = json;
    }

    /** The item as UTF-8 JSON: bytes go out as they are, where a string would be encoded again for every stream. */
    byte[] of(Object item) {
        int slot = System.identityHashCode(item) & (SLOTS - 1);
        Written written = slots.get(slot);
        if (written != null && written.item() == item) {
            return written.bytes();
        }
        try {
            byte[] bytes = json.writeValueAsBytes(item);
            slots.set(slot, new Written(item, bytes));
            return bytes;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Written(Object item, byte[] bytes) {}
}
