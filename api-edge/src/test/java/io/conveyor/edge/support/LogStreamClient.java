package io.conveyor.edge.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;

/** A client of the event log's SSE stream, collecting what arrives; a WebClient, which stops reading when disposed. */
public final class LogStreamClient {
    private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> EVENTS =
            new ParameterizedTypeReference<>() {};

    private LogStreamClient() {}

    /** Opens {@code uri} (with {@code Last-Event-ID} unless null) and adds every event and heartbeat to {@code sink}. */
    public static Disposable open(
            String baseUrl, String uri, String lastEventId, List<ServerSentEvent<JsonNode>> sink) {
        return TestTokens.webClient(baseUrl)
                .get()
                .uri(uri)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> {
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .retrieve()
                .bodyToFlux(EVENTS)
                .subscribe(sink::add);
    }

    /** The positions of the events received, checking that each event's id is its position. */
    public static List<Long> positions(List<ServerSentEvent<JsonNode>> events) {
        return events.stream()
                .filter(e -> e.data() != null)
                .map(e -> {
                    assertThat(e.id()).isEqualTo(e.data().get("position").asText());
                    return Long.parseLong(e.id());
                })
                .toList();
    }

    /** How many events of one type and aggregate arrived. */
    public static long count(List<ServerSentEvent<JsonNode>> events, String type, String aggregateId) {
        return events.stream()
                .filter(e -> e.data() != null)
                .filter(e -> e.data().get("type").asText().equals(type))
                .filter(e -> e.data().get("aggregateId").asText().equals(aggregateId))
                .count();
    }
}
