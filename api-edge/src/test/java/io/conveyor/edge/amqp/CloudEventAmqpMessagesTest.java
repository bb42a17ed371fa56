package io.conveyor.edge.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cloudevents.CloudEvent;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import io.conveyor.edge.events.CloudEventMapper;
import io.conveyor.edge.events.TestCloudEventMappers;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;

class CloudEventAmqpMessagesTest {
    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    final CloudEventMapper mapper = TestCloudEventMappers.withSource(JSON, URI.create("/conveyor-test"));

    @Test
    void every_attribute_but_the_content_type_is_a_prefixed_header_with_the_values_of_the_structured_document()
            throws Exception {
        Instant at = Instant.parse("2026-11-23T10:15:30.123Z");
        CloudEvent event = mapper.toCloudEvent(new GenericDomainEventMessage<>(
                "Product",
                "p-1",
                7,
                new GenericEventMessage<>(
                        "e-42",
                        new ProductRestockedEvent(new ProductId("p-1"), 3, 10, 2),
                        MetaData.from(Map.of("tenant", "acme", "traceparent", TRACEPARENT)),
                        at),
                () -> at));
        JsonNode structured = JSON.readTree(mapper.toJson(event));

        Message message = CloudEventAmqpMessages.toMessage(event);

        Map<String, Object> headers = message.getMessageProperties().getHeaders();
        assertThat(headers)
                .containsOnlyKeys(
                        "cloudEvents_specversion",
                        "cloudEvents_id",
                        "cloudEvents_type",
                        "cloudEvents_source",
                        "cloudEvents_subject",
                        "cloudEvents_time",
                        "cloudEvents_tenant",
                        "cloudEvents_aggregatetype",
                        "cloudEvents_aggregatesequence",
                        "cloudEvents_traceparent",
                        "traceparent");
        for (String attribute : new String[] {
            "specversion", "id", "type", "source", "subject", "time", "tenant", "aggregatetype", "traceparent"
        }) {
            assertThat(headers.get("cloudEvents_" + attribute))
                    .as(attribute)
                    .isEqualTo(structured.path(attribute).asText());
        }
        assertThat(headers.get("cloudEvents_specversion")).isEqualTo("1.0");
        assertThat(Instant.parse((String) headers.get("cloudEvents_time"))).isEqualTo(at);
        // an integer attribute is an AMQP long, not its string
        assertThat(headers.get("cloudEvents_aggregatesequence")).isEqualTo(7L);
        assertThat(headers.get("traceparent")).isEqualTo(TRACEPARENT);

        assertThat(message.getMessageProperties().getContentType()).isEqualTo("application/json");
        assertThat(message.getMessageProperties().getMessageId()).isEqualTo("e-42");
        assertThat(message.getMessageProperties().getType()).isEqualTo("products.ProductRestocked.v1");
        assertThat(message.getMessageProperties().getDeliveryMode()).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(message.getMessageProperties().getTimestamp().toInstant()).isEqualTo(at);
        assertThat(JSON.readTree(message.getBody())).isEqualTo(structured.path("data"));
    }

    @Test
    void an_event_without_aggregate_or_trace_has_no_subject_and_no_trace_headers() {
        CloudEvent event = mapper.toCloudEvent(
                new GenericEventMessage<>(new ProductRestockedEvent(new ProductId("p-2"), 1, 1, 0)));

        Map<String, Object> headers =
                CloudEventAmqpMessages.toMessage(event).getMessageProperties().getHeaders();

        assertThat(headers)
                .doesNotContainKeys(
                        "cloudEvents_subject", "cloudEvents_aggregatetype", "cloudEvents_traceparent", "traceparent")
                .containsEntry("cloudEvents_tenant", "default")
                .containsKey("cloudEvents_id");
    }
}
