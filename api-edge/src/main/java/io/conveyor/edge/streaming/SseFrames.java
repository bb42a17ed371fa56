package io.conveyor.edge.streaming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.springframework.http.codec.ServerSentEvent;

/**
 * One server-sent event as the bytes of one frame: its fields, its data line by line, and the blank line that ends
 * it, so that a stream writes and flushes it once. Data that is already bytes (the JSON {@link WrittenOnce} keeps) is
 * copied as it is, text as UTF-8, anything else as JSON.
 */
final class SseFrames {
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMENT = ":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEWLINE = {'\n'};

    private final ObjectMapper json;

    SseFrames(ObjectMapper json) {
        this.json = json;
    }

    byte[] of(ServerSentEvent<?> event) {
        byte[] data = data(event.data());
        Frame frame = new Frame(64 + (data == null ? 0 : data.length));
        field(frame, "id", event.id());
        field(frame, "event", event.event());
        if (event.retry() != null) {
            field(frame, "retry", Long.toString(event.retry().toMillis()));
        }
        if (event.comment() != null) {
            lines(frame, COMMENT, event.comment().getBytes(StandardCharsets.UTF_8));
        }
        if (data != null) {
            lines(frame, DATA, data);
        }
        frame.add(NEWLINE, 0, 1);
        return frame.bytes();
    }

    private byte[] data(Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof CharSequence text) {
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Spring's builder has refused a line break in an id or an event name: a value is one line. */
    private static void field(Frame frame, String name, String value) {
        if (value == null) {
            return;
        }
        byte[] line = (name + ":" + value + "\n").getBytes(StandardCharsets.UTF_8);
        frame.add(line, 0, line.length);
    }

    /** Each line of the value behind the prefix; CR LF, CR and LF all end a line in a stream. */
    private static void lines(Frame frame, byte[] prefix, byte[] value) {
        int from = 0;
        for (int i = 0; i <= value.length; i++) {
            boolean end = i == value.length;
            if (end || value[i] == '\r' || value[i] == '\n') {
                frame.add(prefix, 0, prefix.length);
                frame.add(value, from, i - from);
                frame.add(NEWLINE, 0, 1);
                if (!end && value[i] == '\r' && i + 1 < value.length && value[i + 1] == '\n') {
                    i++;
                }
                from = i + 1;
            }
        }
    }

    /** A growing array, unsynchronised: a frame is built by one thread. */
    private static final class Frame {
        private byte[] bytes;
        private int size;

        Frame(int capacity) {
            bytes = new byte[capacity];
        }

        void add(byte[] source, int from, int length) {
            if (size + length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + length));
            }
            System.arraycopy(source, from, bytes, size, length);
            size += length;
        }

        byte[] bytes() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }
}
