package io.conveyor.edge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.conveyor.edge.support.ConveyorApi;
import io.conveyor.edge.support.HttpTest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Probes and scrapers see the processors: a health group with each one's state, and gauges per processor. */
@HttpTest
class ProcessorHealthHttpTest {
    @Autowired
    WebTestClient web;

    @Autowired
    MeterRegistry meters;

    @Test
    void the_processors_health_group_and_the_lag_gauges() {
        ConveyorApi api = new ConveyorApi(web);
        api.createProduct(100, 1);

        JsonNode processors = api.json("/actuator/health/processors");
        assertThat(processors.get("status").asText()).isEqualTo("UP");
        JsonNode stock = processors
                .get("components")
                .get("eventProcessors")
                .get("details")
                .get("product-stock");
        assertThat(stock.get("status").asText()).isEqualTo("running");
        assertThat(stock.has("lag")).isTrue();
        assertThat(api.json("/actuator/health/database").get("status").asText()).isEqualTo("UP");

        await().atMost(ConveyorApi.PATIENCE).until(() -> gauge("conveyor.processor.lag", "product-stock") != null);
        assertThat(gauge("conveyor.processor.lag", "product-stock").value()).isGreaterThanOrEqualTo(0);
        assertThat(gauge("conveyor.processor.replaying", "order-view").value()).isZero();
    }

    private Gauge gauge(String name, String processor) {
        return meters.find(name).tag("processor", processor).gauge();
    }
}
