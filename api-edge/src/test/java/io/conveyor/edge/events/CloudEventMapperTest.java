package io.conveyor.edge.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.conveyor.contracts.stock.ProductId;
import io.conveyor.contracts.stock.ProductRestockedEvent;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

class CloudEventMapperTest {
    static final ObjectMapper JSON = JsonMapper.builder().findAndAddModules().build();
    final CloudEventMapper mapper = new CloudEventMapper(new EventCatalogue(), JSON, URI.create("/conveyor-test"));

    @Test
    void a_domain_event_becomes_a_structured_cloudevent_with_its_id_type_subject_time_and_data() throws Exception {
        Instant at = Instant.parse("2026-11-23T10:15:30.123Z");
        GenericDomainEventMessage<ProductRestockedEvent> event = new GenericDomainEventMessage<>(
                "Product",
                "p-1",
                7,
                new GenericEventMessage<>(
                        "e-42",
                        new ProductRestockedEvent(new ProductId("p-1"), 3, 10, 2),
                        MetaData.from(Map.of(
                                "tenant", "acme",
                                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
                        at),
                () -> at);

        JsonNode document = JSON.readTree(mapper.toJson(mapper.toCloudEvent(event)));

        assertThat(document.path("specversion").asText()).isEqualTo("1.0");
        assertThat(document.path("id").asText()).isEqualTo("e-42");
        assertThat(document.path("type").asText()).isEqualTo("products.ProductRestocked.v1");
        assertThat(document.path("source").asText()).isEqualTo("/conveyor-test");
        assertThat(document.path("subject").asText()).isEqualTo("p-1");
        assertThat(Instant.parse(document.path("time").asText())).isEqualTo(at);
        assertThat(document.path("datacontenttype").asText()).isEqualTo("application/json");
        assertThat(document.path("tenant").asText()).isEqualTo("acme");
        assertThat(document.path("aggregatetype").asText()).isEqualTo("Product");
        assertThat(document.path("aggregatesequence").asInt()).isEqualTo(7);
        assertThat(document.path("traceparent").asText()).startsWith("00-4bf92f35");
        // the data is the payload as JSON, not a string holding it
        assertThat(document.path("data").path("productId").asText()).isEqualTo("p-1");
        assertThat(document.path("data").path("available").asInt()).isEqualTo(10);
    }

    @Test
    void an_event_without_tenant_or_aggregate_belongs_to_the_default_tenant_and_has_no_subject() throws Exception {
        GenericEventMessage<ProductRestockedEvent> event =
                new GenericEventMessage<>(new ProductRestockedEvent(new ProductId("p-2"), 1, 1, 0));

        JsonNode document = JSON.readTree(mapper.toJson(mapper.toCloudEvent(event)));

        assertThat(document.path("tenant").asText()).isEqualTo("default");
        assertThat(document.has("subject")).isFalse();
        assertThat(document.has("traceparent")).isFalse();
        assertThat(mapper.typeOf(event)).isEqualTo("products.ProductRestocked.v1");
    }
}
