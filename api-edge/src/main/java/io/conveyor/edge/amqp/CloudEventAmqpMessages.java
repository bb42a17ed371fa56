package io.conveyor.edge.amqp;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.types.Time;
import io.conveyor.edge.events.CloudEventMapper;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Date;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/**
 * A CloudEvent as an AMQP message in the binary content mode of the
 * <a href="https://github.com/cloudevents/spec/blob/main/cloudevents/bindings/amqp-protocol-binding.md">CloudEvents
 * AMQP binding</a>: the data is the body, {@code datacontenttype} is the message's content type, and every other
 * attribute and extension is a header named {@code cloudEvents_<attribute>} (the binding's {@code _} separator, which
 * JMS selectors accept too; {@code :} is its other, older one). Values are the attributes' canonical strings, except
 * integers (AMQP longs): an AMQP 0-9-1 timestamp has whole seconds only, so {@code time} is the RFC 3339 string that
 * the structured documents carry.
 *
 * <p>The message's own properties repeat what AMQP tools show without reading headers: {@code message_id} is the
 * event id, {@code type} its type, {@code timestamp} its time (in seconds), and it is persistent.
 */
final class CloudEventAmqpMessages {
    static final String PREFIX = "cloudEvents_";
    /** W3C Trace Context over AMQP names it without a prefix: tracing tools read it there. */
    static final String TRACEPARENT = "traceparent";

    private static final String DATA_CONTENT_TYPE = "datacontenttype";

    private CloudEventAmqpMessages() {}

    static Message toMessage(CloudEvent event) {
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(event.getId());
        properties.setType(event.getType());
        properties.setContentType(event.getDataContentType());
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        if (event.getTime() != null) {
            properties.setTimestamp(Date.from(event.getTime().toInstant()));
        }
        for (String name : event.getAttributeNames()) {
            Object value = event.getAttribute(name);
            if (value != null && !name.equals(DATA_CONTENT_TYPE)) {
                properties.setHeader(PREFIX + name, headerValue(value));
            }
        }
        for (String name : event.getExtensionNames()) {
            Object value = event.getExtension(name);
            if (value != null) {
                properties.setHeader(PREFIX + name, headerValue(value));
            }
        }
        Object traceparent = event.getExtension(CloudEventMapper.TRACEPARENT);
        if (traceparent != null) {
            properties.setHeader(TRACEPARENT, traceparent.toString());
        }
        CloudEventData data = event.getData();
        return new Message(data == null ? new byte[0] : data.toBytes(), properties);
    }

    private static Object headerValue(Object value) {
        if (value instanceof OffsetDateTime time) {
            return Time.writeTime(time);
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof Boolean || value instanceof byte[]) {
            return value;
        }
        if (value instanceof URI uri) {
            return uri.toString();
        }
        return value.toString();
    }
}
