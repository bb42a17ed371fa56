package io.conveyor.edge.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.contracts.common.TenantMetadata;
import io.conveyor.edge.support.HttpTest;
import io.conveyor.edge.support.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

/**
 * The export streams a log of 100,000 events as JSON lines, in order, without gaps, and without ever holding the log
 * in memory: the server writes as it reads, and this client counts lines as they arrive. A context of its own, so the
 * other tests' log stays small.
 */
@HttpTest
@TestPropertySource(properties = "conveyor.test.purpose=export")
@DirtiesContext
class EventExportHttpTest {
    private static final int EVENTS = 100_000;

    @Autowired
    EventStorageEngine engine;

    @Autowired
    TransactionManager transactions;

    @Autowired
    EventProcessingConfiguration processing;

    @LocalServerPort
    int port;

    @Test
    void a_hundred_thousand_events_export_in_order_as_json_lines() {
        // the export reads the store itself: the processors would only read the same 100,000 events beside it, each
        // on a stream of its own, for the length of the test (the context is this test's alone)
        processing.eventProcessors().values().forEach(EventProcessor::shutDown);
        for (int batch = 0; batch < EVENTS / 1_000; batch++) {
            List<DomainEventMessage<?>> events = new ArrayList<>(1_000);
            for (int i = 0; i < 1_000; i++) {
                events.add(new GenericDomainEventMessage<>(
                        "AuditProbe",
                        "probe_" + batch,
                        i,
                        new AuditProbe(batch, i, "x".repeat(40)),
                        MetaData.with(TenantMetadata.KEY, TestTokens.TENANT)));
            }
            transactions.executeInTransaction(() -> engine.appendEvents(events));
        }

        ObjectMapper json = new ObjectMapper();
        AtomicLong lines = new AtomicLong();
        AtomicLong previous = new AtomicLong();
        AtomicLong gaps = new AtomicLong();
        AtomicReference<String> partial = new AtomicReference<>("");
        ResponseEntity<Flux<DataBuffer>> response = TestTokens.webClient("http://localhost:" + port)
                .get()
                .uri("/api/events/export")
                .retrieve()
                .toEntityFlux(DataBuffer.class)
                .block(Duration.ofSeconds(30));

        assertThat(response.getHeaders().getContentType()).hasToString("application/x-ndjson");
        assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH))
                .as("streamed, not sized up front")
                .isNull();
        response.getBody()
                .doOnNext(buffer -> {
                    String text = partial.get() + buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
                    DataBufferUtils.release(buffer);
                    int end;
                    while ((end = text.indexOf('\n')) >= 0) {
                        JsonNode event = read(json, text.substring(0, end));
                        long position = event.get("position").asLong();
                        if (previous.get() != 0 && position != previous.get() + 1) {
                            gaps.incrementAndGet();
                        }
                        previous.set(position);
                        lines.incrementAndGet();
                        text = text.substring(end + 1);
                    }
                    partial.set(text);
                })
                .blockLast(Duration.ofMinutes(3));

        assertThat(lines.get()).isEqualTo(EVENTS);
        assertThat(gaps.get()).as("positions follow each other").isZero();
        assertThat(partial.get()).isEmpty();
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /** A payload no handler knows: the processors pass over it. */
    record AuditProbe(int batch, int index, String note) {}
}
