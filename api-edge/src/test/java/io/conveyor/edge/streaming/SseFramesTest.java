package io.conveyor.edge.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

class SseFramesTest {
    final SseFrames frames = new SseFrames(new ObjectMapper());

    @Test
    void an_event_is_its_fields_its_data_and_a_blank_line() {
        byte[] json = "{\"name\":\"Tasse à café\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(text(ServerSentEvent.builder()
                        .id("prd_1:3")
                        .event("product")
                        .data((Object) json)
                        .build()))
                .isEqualTo("id:prd_1:3\nevent:product\ndata:{\"name\":\"Tasse à café\"}\n\n");
    }

    @Test
    void data_that_is_not_bytes_goes_out_as_json_and_text_as_it_is() {
        assertThat(text(ServerSentEvent.builder()
                        .event("stream-reset")
                        .retry(Duration.ofSeconds(1))
                        .data((Object) Map.of("reason", "reconnect"))
                        .build()))
                .isEqualTo("event:stream-reset\nretry:1000\ndata:{\"reason\":\"reconnect\"}\n\n");
        assertThat(text(ServerSentEvent.builder().data((Object) "plain").build()))
                .isEqualTo("data:plain\n\n");
    }

    @Test
    void each_line_of_the_data_gets_a_field_of_its_own_whatever_ends_it() {
        assertThat(text(ServerSentEvent.builder()
                        .data((Object) "one\ntwo\r\nthree\rfour")
                        .build()))
                .isEqualTo("data:one\ndata:two\ndata:three\ndata:four\n\n");
        assertThat(text(ServerSentEvent.builder().data((Object) "ends\n").build()))
                .isEqualTo("data:ends\ndata:\n\n");
    }

    @Test
    void a_comment_is_a_line_that_begins_with_a_colon() {
        assertThat(text(ServerSentEvent.builder().comment("heartbeat").build())).isEqualTo(":heartbeat\n\n");
    }

    private String text(ServerSentEvent<?> event) {
        return new String(frames.of(event), StandardCharsets.UTF_8);
    }
}
