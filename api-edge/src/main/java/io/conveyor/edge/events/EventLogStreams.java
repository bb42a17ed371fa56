package io.conveyor.edge.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.streaming.SseSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The log read as it grows (server-sent events) or end to end (NDJSON). Both read one page at a time and hold no more
 * than a page per client, whatever the log's length: a slow client is simply read for more slowly, and a heartbeat it
 * cannot take yet is dropped rather than queued.
 */
@Component
class EventLogStreams {
    private static final int PAGE = 1_000;
    private static final byte[] NEWLINE = "\n".getBytes(StandardCharsets.UTF_8);

    private final EventLog log;
    private final EventLogSettings settings;
    private final SseSettings sse;
    private final ObjectMapper json;

    EventLogStreams(EventLog log, EventLogSettings settings, SseSettings sse, ObjectMapper json) {
        this.log = log;
        this.settings = settings;
        this.sse = sse;
        this.json = json;
    }

    /**
     * Every event after {@code after}, then each new one once it is settled, with the position as the event id: a
     * client that reconnects with the last id it saw misses nothing and sees nothing twice.
     */
    Flux<ServerSentEvent<Object>> follow(String tenant, long after, String javaType) {
        AtomicLong cursor = new AtomicLong(after);
        Flux<ServerSentEvent<Object>> events = Mono.fromCallable(
                        () -> log.read(new EventLog.Selection(tenant, cursor.get(), PAGE, javaType, null)))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMapMany(page -> {
                    cursor.set(page.readTo());
                    Flux<LoggedEvent> batch = Flux.fromIterable(page.events());
                    return page.reachedEnd()
                            ? batch.concatWith(Mono.delay(settings.streamPoll()).then(Mono.empty()))
                            : batch;
                })
                .repeat()
                .map(event -> ServerSentEvent.builder()
                        .id(Long.toString(event.position()))
                        .data((Object) event)
                        .build());
        Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(sse.heartbeat())
                .onBackpressureDrop()
                .map(tick -> ServerSentEvent.builder().comment("heartbeat").build());
        return Flux.merge(events, heartbeats);
    }

    /** Events {@code from} to {@code to} (positions, both included) as JSON lines, written as they are read. */
    long export(String tenant, long from, long to, OutputStream out) throws IOException {
        long after = from - 1;
        long written = 0;
        while (after < to) {
            EventLog.Page page = log.read(new EventLog.Selection(tenant, after, PAGE, null, null));
            for (LoggedEvent event : page.events()) {
                if (event.position() > to) {
                    return written;
                }
                out.write(json.writeValueAsBytes(event));
                out.write(NEWLINE);
                written++;
            }
            out.flush();
            if (page.reachedEnd()) {
                return written;
            }
            after = page.readTo();
        }
        return written;
    }
}
