package io.conveyor.edge.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.conveyor.edge.streaming.FramedSseReturnValues.FrameWriter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The writer against an output that takes a write or a flush only when the test says the client read it, as a
 * servlet container's non-blocking output does: nothing is written to an output that is not ready, the next event is
 * asked for only once the last was taken, and a client that never reads again holds nothing but its one event.
 */
class FrameWriterTest {
    final Output out = new Output();
    final DeferredResult<Object> end = new DeferredResult<>(-1L);
    final Demand demand = new Demand();
    /** The writers that said they ended. */
    final List<FrameWriter> ended = new ArrayList<>();
    /** Runs each task when the test says so, as the task executor would some time later. */
    final List<Runnable> tasks = new ArrayList<>();

    FrameWriter writer;

    @BeforeEach
    void setUp() throws IOException {
        writer = new FrameWriter(out, end, tasks::add, new SseFrames(new ObjectMapper()), ended::add);
        writer.listen();
        out.listener.onWritePossible();
        writer.onSubscribe(demand);
        runTasks();
    }

    @Test
    void the_headers_go_out_first_and_each_event_is_asked_for_once_the_last_was_taken() throws IOException {
        assertThat(out.flushes).as("the headers, flushed before any event").isEqualTo(1);
        assertThat(demand.requested).isZero();

        out.taken();
        runTasks();
        assertThat(demand.requested).isEqualTo(1);

        writer.onNext(event("1"));
        runTasks();
        assertThat(out.text()).isEqualTo("id:1\ndata:one\n\n");
        assertThat(out.flushes).isEqualTo(2);
        assertThat(demand.requested)
                .as("nothing more while the frame is on its way")
                .isEqualTo(1);

        out.taken();
        runTasks();
        assertThat(demand.requested).isEqualTo(2);
    }

    @Test
    void a_client_that_stops_reading_is_asked_for_nothing_and_holds_no_thread() throws IOException {
        out.taken();
        runTasks();
        writer.onNext(event("1"));
        runTasks();
        assertThat(demand.requested).isEqualTo(1);
        assertThat(tasks).as("no thread waits for the client").isEmpty();

        // whatever wakes the writer while the frame is on its way, it asks for nothing more
        out.listener.onWritePossible();
        runTasks();
        assertThat(demand.requested).isEqualTo(1);

        out.taken();
        runTasks();
        assertThat(demand.requested).isEqualTo(2);
        writer.onNext(event("2"));
        runTasks();
        assertThat(out.text()).isEqualTo("id:1\ndata:one\n\nid:2\ndata:one\n\n");
    }

    @Test
    void the_end_of_the_stream_ends_the_response_once_its_last_event_is_taken() throws IOException {
        out.taken();
        runTasks();
        writer.onNext(event("1"));
        writer.onComplete();
        runTasks();
        assertThat(end.hasResult()).as("the last frame is still on its way").isFalse();

        out.taken();
        runTasks();
        assertThat(out.text()).isEqualTo("id:1\ndata:one\n\n");
        assertThat(end.hasResult()).isTrue();
        assertThat(demand.cancelled).isFalse();
    }

    @Test
    void a_closed_stream_tells_its_client_to_reconnect_after_its_last_frame_and_ends() throws IOException {
        out.taken();
        runTasks();
        writer.onNext(event("1"));
        runTasks();

        writer.close();
        runTasks();
        assertThat(demand.cancelled).isTrue();
        assertThat(out.text()).as("the frame on its way first").isEqualTo("id:1\ndata:one\n\n");

        out.taken();
        runTasks();
        assertThat(out.text()).isEqualTo("id:1\ndata:one\n\nretry:1000\n\n");
        assertThat(end.hasResult()).isFalse();
        out.taken();
        runTasks();
        assertThat(end.hasResult()).isTrue();
        assertThat(ended).containsOnly(writer);
        assertThat(demand.requested).as("nothing asked for once closed").isEqualTo(1);
    }

    @Test
    void a_write_the_container_could_not_finish_cancels_the_subscription_and_ends_the_response() throws IOException {
        out.listener.onError(new IOException("connection reset"));
        runTasks();

        assertThat(demand.cancelled).isTrue();
        assertThat(end.hasResult()).isTrue();
        writer.onNext(event("1"));
        runTasks();
        assertThat(out.text()).as("nothing written after the failure").isEmpty();
    }

    @Test
    void a_write_that_fails_at_once_cancels_the_subscription_and_ends_the_response() throws IOException {
        out.taken();
        runTasks();
        out.failing = true;
        writer.onNext(event("1"));
        runTasks();

        assertThat(demand.cancelled).isTrue();
        assertThat(end.hasResult()).isTrue();
    }

    private void runTasks() {
        while (!tasks.isEmpty()) {
            tasks.remove(0).run();
        }
    }

    private static ServerSentEvent<?> event(String id) {
        return ServerSentEvent.builder().id(id).data((Object) "one").build();
    }

    /**
     * Takes a write or a flush, then is not ready until {@link #taken()}: the client read it. Like a container's
     * output, it refuses a write while not ready, and calls its listener when it is ready again after saying it was not.
     */
    static final class Output extends ServletOutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        WriteListener listener;
        int flushes;
        boolean failing;
        private boolean ready = true;
        private boolean told;

        @Override
        public boolean isReady() {
            told = !ready;
            return ready;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            this.listener = listener;
        }

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException("a frame is written whole");
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            check();
            written.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            check();
            flushes++;
            ready = false;
        }

        void taken() throws IOException {
            ready = true;
            if (told) {
                told = false;
                listener.onWritePossible();
            }
        }

        String text() {
            return written.toString(StandardCharsets.UTF_8);
        }

        private void check() throws IOException {
            if (!ready) {
                throw new IllegalStateException("written while not ready");
            }
            if (failing) {
                throw new IOException("broken pipe");
            }
        }
    }

    static final class Demand implements Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
