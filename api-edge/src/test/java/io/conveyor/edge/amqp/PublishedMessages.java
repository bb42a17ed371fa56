package io.conveyor.edge.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.support.ConveyorApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;

/** What a consumer's queue received, and the checks that it is the event log, message for message. */
final class PublishedMessages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestBroker broker;
    private final String queue;
    private final List<Message> received = new ArrayList<>();

    PublishedMessages(TestBroker broker, String queue) {
        this.broker = broker;
        this.queue = queue;
    }

    /** Everything received so far, the queue drained first. */
    synchronized List<Message> all() {
        received.addAll(broker.drain(queue));
        return List.copyOf(received);
    }

    Set<String> ids() {
        return all().stream()
                .map(m -> m.getMessageProperties().getMessageId())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    Message byId(String eventId) {
        return all().stream()
                .filter(m -> eventId.equals(m.getMessageProperties().getMessageId()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no message for event " + eventId));
    }

    /** Every event of the log, as the caller's tenant sees it. */
    static List<JsonNode> log(ConveyorApi api) {
        List<JsonNode> events = new ArrayList<>();
        String next = "/api/events?limit=1000";
        while (next != null) {
            JsonNode page = api.json(next);
            page.path("events").forEach(events::add);
            next = page.path("next").isTextual() ? page.path("next").asText() : null;
        }
        return events;
    }

    static Set<String> idsOf(List<JsonNode> events) {
        return events.stream().map(e -> e.path("eventId").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The message is the logged event in the binary mode of the CloudEvents AMQP binding. */
    static void assertCarries(Message message, JsonNode event, String exchange, String tenant) {
        MessageProperties properties = message.getMessageProperties();
        Map<String, Object> headers = properties.getHeaders();
        String type = event.path("type").asText();
        String at = "event " + event.path("eventId").asText() + " (" + type + ")";

        assertThat(properties.getReceivedExchange()).as(at).isEqualTo(exchange);
        assertThat(properties.getReceivedRoutingKey()).as(at).isEqualTo(type);
        assertThat(properties.getMessageId())
                .as(at)
                .isEqualTo(event.path("eventId").asText());
        assertThat(properties.getType()).as(at).isEqualTo(type);
        assertThat(properties.getReceivedDeliveryMode()).as(at).isEqualTo(MessageDeliveryMode.PERSISTENT);
        assertThat(properties.getContentType()).as(at).isEqualTo("application/json");

        assertThat(headers.get("cloudEvents_specversion")).as(at).isEqualTo("1.0");
        assertThat(headers.get("cloudEvents_id"))
                .as(at)
                .isEqualTo(event.path("eventId").asText());
        assertThat(headers.get("cloudEvents_type")).as(at).isEqualTo(type);
        assertThat(headers.get("cloudEvents_source")).as(at).isEqualTo("/conveyor");
        assertThat(headers.get("cloudEvents_subject"))
                .as(at)
                .isEqualTo(event.path("aggregateId").asText());
        assertThat(Instant.parse((String) headers.get("cloudEvents_time")))
                .as(at)
                .isEqualTo(Instant.parse(event.path("timestamp").asText()));
        assertThat(headers.get("cloudEvents_tenant")).as(at).isEqualTo(tenant);
        assertThat(headers.get("cloudEvents_aggregatetype"))
                .as(at)
                .isEqualTo(event.path("aggregateType").asText());
        assertThat(headers.get("cloudEvents_aggregatesequence"))
                .as(at)
                .isEqualTo(event.path("sequence").asLong());
        assertThat(headers).as(at).doesNotContainKey("cloudEvents_datacontenttype");
        try {
            assertThat(JSON.readTree(message.getBody())).as(at).isEqualTo(event.path("payload"));
        } catch (IOException e) {
            throw new UncheckedIOException(at + ": the body is not JSON", e);
        }
    }
}
