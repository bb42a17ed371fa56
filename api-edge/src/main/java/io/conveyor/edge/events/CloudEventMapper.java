package io.conveyor.edge.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.jackson.JsonFormat;
import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.edge.correlation.Correlation;
import java.net.URI;
import java.time.ZoneOffset;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One event as a <a href="https://cloudevents.io">CloudEvents 1.0</a> document, the same wherever it leaves the
 * process (webhooks, the message broker): {@code id} is the event's id, {@code type} its external name from the
 * {@link EventCatalogue}, {@code source} this platform ({@code conveyor.cloudevents.source}), {@code subject} the
 * aggregate, {@code time} when it happened, {@code data} the payload as JSON. Extensions carry the {@code tenant},
 * the aggregate's type and sequence, and the W3C {@code traceparent} of the request that caused it.
 */
@Component
public class CloudEventMapper {
    public static final String TENANT = "tenant";
    public static final String AGGREGATE_TYPE = "aggregatetype";
    public static final String AGGREGATE_SEQUENCE = "aggregatesequence";
    public static final String TRACEPARENT = "traceparent";

    private static final EventFormat JSON = new JsonFormat();

    private final EventCatalogue catalogue;
    private final ObjectMapper json;
    private final URI source;

    CloudEventMapper(
            EventCatalogue catalogue,
            ObjectMapper json,
            @Value("${conveyor.cloudevents.source:/conveyor}") URI source) {
        this.catalogue = catalogue;
        this.json = json;
        this.source = source;
    }

    public CloudEvent toCloudEvent(EventMessage<?> event) {
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.getIdentifier())
                .withType(typeOf(event))
                .withSource(source)
                .withTime(event.getTimestamp().atOffset(ZoneOffset.UTC))
                .withData("application/json", payload(event))
                .withExtension(
                        TENANT, TenantMetadata.orDefault(event.getMetaData().get(TenantMetadata.KEY)));
        if (event instanceof DomainEventMessage<?> domain) {
            builder.withSubject(domain.getAggregateIdentifier())
                    .withExtension(AGGREGATE_TYPE, domain.getType())
                    .withExtension(AGGREGATE_SEQUENCE, domain.getSequenceNumber());
        }
        Object traceparent = event.getMetaData().get(Correlation.TRACEPARENT);
        if (traceparent != null) {
            builder.withExtension(TRACEPARENT, traceparent.toString());
        }
        return builder.build();
    }

    /** The external name an event goes by: what a subscription or a routing key names. */
    public String typeOf(EventMessage<?> event) {
        return catalogue.typeOf(event.getPayloadType().getName());
    }

    /** The structured-mode JSON document ({@code application/cloudevents+json}). */
    public byte[] toJson(CloudEvent event) {
        return JSON.serialize(event);
    }

    /** The payload alone, as the data of a binary-mode message. */
    public byte[] payload(EventMessage<?> event) {
        try {
            return json.writeValueAsBytes(event.getPayload());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.getIdentifier() + " cannot be written as JSON", e);
        }
    }
}
