package io.conveyor.edge.streaming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.codec.ServerSentEvent;

/**
 * One server-sent event as the bytes of one frame: its fields, its data line by line, and the blank line that ends
 * it, so that a stream writes and flushes it once. Data that is already bytes (the JSON {@link WrittenOnce} keeps) is
 * copied as it is, text as UTF-8, anything else as JSON.
 */
final class SseFrames {
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMENT = ":".getBytes(StandardCharsets.US_ASCII);

    private final ObjectMapper json;

    SseFrames(ObjectMapper json) {
        this.json = json;
    }

    byte[] of(ServerSentEvent<?> event) {
        byte[] data = data(event.data());
        ByteArrayOutputStream frame = new ByteArrayOutputStream(64 + (data == null ? 0 : data.length));
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
        frame.write('\n');
        return frame.toByteArray();
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
    private static void field(ByteArrayOutputStream frame, String name, String value) {
        if (value == null) {
            return;
        }
        frame.writeBytes((name + ":" + value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Each line of the value behind the prefix; CR LF, CR and LF all end a line in a stream. */
    private static void lines(ByteArrayOutputStream frame, byte[] prefix, byte[] value) {
        int from = 0;
        for (int i = 0; i <= value.length; i++) {
            boolean end = i == value.length;
            if (end || value[i] == '\r' || value[i] == '\n') {
                frame.writeBytes(prefix);
                frame.write(value, from, i - from);
                frame.write('\n');
                if (!end && value[i] == '\r' && i + 1 < value.length && value[i + 1] == '\n') {
                    i++;
                }
                from = i + 1;
            }
        }
    }
}
