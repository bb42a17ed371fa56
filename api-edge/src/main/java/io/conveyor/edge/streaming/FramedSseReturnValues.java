package io.conveyor.edge.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import reactor.core.publisher.Flux;

/**
 * Writes the {@code Flux<ServerSentEvent>} a controller answers with: one write and one flush for each event, without
 * ever waiting for a client's socket. Spring MVC's own adapter writes an event in three parts (its fields, its data,
 * the blank line after it), each flushed on its own: three chunks and three system calls on every stream for every
 * change, which was most of what one change cost to reach 10,000 streams (decision 48). And it writes them blocking,
 * on Spring's task executor: a client that stops reading held one of its threads until the connection's idle timeout,
 * and a handful of such clients held every stream of the node (decision 50). Here the servlet container's
 * non-blocking output takes each frame: a client that does not read costs its buffer, which the subscription's bounded
 * buffer ends, and no thread.
 *
 * <p>The asynchronous request stays Spring's ({@link DeferredResult}), so that filters, interceptors and shutdown see
 * a stream as before. Registered ahead of Spring's handlers, which would otherwise claim the flux first.
 *
 * <p>A node that stops ends its open streams first, with a {@code retry:} of one second, so that their clients
 * reconnect (to another node, behind a balancer) at once, and the server's graceful shutdown does not wait for them.
 */
@Component
class FramedSseReturnValues implements HandlerMethodReturnValueHandler, SmartLifecycle {
    /** No timeout: a stream lasts as long as its client, as with Spring's adapter. */
    private static final long NO_TIMEOUT = -1;

    /** What a stream ended by a stopping node sends last: the client's delay before it reconnects. */
    private static final ServerSentEvent<?> RECONNECT =
            ServerSentEvent.builder().retry(SseStreams.RECONNECT_AFTER_RESET).build();

    private final Executor executor;
    private final SseFrames frames;
    /** The streams being written; each leaves when it ends. */
    private final Set<FrameWriter> open = ConcurrentHashMap.newKeySet();

    private volatile boolean running;
    /** Set by {@link #stop()} only: before the first start (the server takes requests a phase earlier) streams open. */
    private volatile boolean stopped;

    FramedSseReturnValues(
            RequestMappingHandlerAdapter adapter,
            @Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor,
            ObjectMapper json) {
        this.executor = executor;
        this.frames = new SseFrames(json);
        List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(adapter.getReturnValueHandlers());
        handlers.add(0, this);
        adapter.setReturnValueHandlers(handlers);
    }

    @Override
    public boolean supportsReturnType(MethodParameter returnType) {
        return Flux.class.isAssignableFrom(returnType.getParameterType())
                && ServerSentEvent.class.equals(ResolvableType.forMethodParameter(returnType)
                        .getGeneric(0)
                        .resolve());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void handleReturnValue(
            Object returnValue, MethodParameter returnType, ModelAndViewContainer mav, NativeWebRequest request)
            throws Exception {
        if (returnValue == null) {
            mav.setRequestHandled(true);
            return;
        }
        Publisher<ServerSentEvent<?>> events = (Publisher<ServerSentEvent<?>>) returnValue;
        FrameWriter writer;
        try {
            writer = start(request, mav);
        } catch (Exception e) {
            // nothing will read the stream: what it subscribed to is let go
            Flux.from(events).take(0).subscribe();
            throw e;
        }
        open.add(writer);
        try {
            writer.listen();
        } catch (RuntimeException e) {
            // the request is asynchronous already: Spring answers with the error once it has it
            writer.letGo();
            events.subscribe(writer);
            writer.end.setErrorResult(e);
            return;
        }
        events.subscribe(writer);
        if (stopped) {
            // opened while the node stops: the client is told to come back elsewhere
            writer.close();
        }
    }

    @Override
    public void start() {
        stopped = false;
        running = true;
    }

    /** Ends every open stream; a client that reads gets the last frame and the end of the response at once. */
    @Override
    public void stop() {
        stopped = true;
        running = false;
        for (FrameWriter writer : open) {
            writer.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Just before the web server's graceful shutdown, which waits for open requests, and the query bus stop. */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
    }

    /** Starts the asynchronous request of a stream, without a timeout, and its writer. */
    private FrameWriter start(NativeWebRequest request, ModelAndViewContainer mav) throws Exception {
        HttpServletResponse response = request.getNativeResponse(HttpServletResponse.class);
        HttpServletRequest servletRequest = request.getNativeRequest(HttpServletRequest.class);
        if (response == null || servletRequest == null) {
            throw new IllegalStateException("a server-sent event stream needs a servlet request");
        }
        ServletOutputStream out = response.getOutputStream();
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        ShallowEtagHeaderFilter.disableContentCaching(servletRequest);
        DeferredResult<Object> end = new DeferredResult<>(NO_TIMEOUT);
        WebAsyncUtils.getAsyncManager(request).startDeferredResultProcessing(end, mav);
        return new FrameWriter(out, end, executor, frames, open::remove);
    }

    /**
     * Asks for one event at a time and writes it as one frame, then asks for the next once the container has taken
     * it. Everything that touches the output runs in {@link #run()}, on the executor, one at a time; it returns as soon
     * as the output is not ready, and the container's call to {@link WriteListener#onWritePossible()} brings it back. A
     * write that fails (the client went away) or a request that ends cancels the subscription.
     */
    static final class FrameWriter implements Subscriber<ServerSentEvent<?>>, Runnable {
        private static final Logger log = LoggerFactory.getLogger(FrameWriter.class);

        private final ServletOutputStream out;
        private final DeferredResult<Object> end;
        private final Executor executor;
        private final SseFrames frames;
        /** Told once the stream is over, so that the node stops keeping it (more than once: it forgets it once). */
        private final Consumer<FrameWriter> onEnd;
        /** Signals not yet handled: the one that finds none running schedules the writer. */
        private final AtomicInteger pending = new AtomicInteger();

        private volatile Subscription subscription;
        /** With a demand of one, at most one event waits. */
        private volatile ServerSentEvent<?> next;

        private volatile boolean terminated;
        private volatile Throwable error;
        /** What the container could not write: the client is gone. */
        private volatile Throwable broken;

        private volatile boolean done;
        /** The node stops: the stream ends with {@link #RECONNECT}. */
        private volatile boolean closing;

        // only run() reads and writes these, never twice at once
        /** Written, not yet flushed: the response's headers at first, then an event. */
        private boolean unflushed = true;
        /** Flushed, not yet taken by the container: the next event is asked for once it is. */
        private boolean inFlight;
        /** {@link #RECONNECT} written. */
        private boolean closed;

        FrameWriter(
                ServletOutputStream out,
                DeferredResult<Object> end,
                Executor executor,
                SseFrames frames,
                Consumer<FrameWriter> onEnd) {
            this.out = out;
            this.end = end;
            this.executor = executor;
            this.frames = frames;
            this.onEnd = onEnd;
        }

        /** Switches the output to non-blocking writes; the container says first when it can take one. */
        void listen() {
            end.onCompletion(this::letGo);
            end.onTimeout(this::letGo);
            end.onError(e -> letGo());
            out.setWriteListener(new WriteListener() {
                @Override
                public void onWritePossible() {
                    schedule();
                }

                @Override
                public void onError(Throwable failure) {
                    broken = failure;
                    schedule();
                }
            });
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            this.subscription = subscription;
            // the stream may have ended before it subscribed; close() reads the subscription after setting closing
            if (done || closing) {
                subscription.cancel();
            }
            if (!done) {
                schedule();
            }
        }

        @Override
        public void onNext(ServerSentEvent<?> event) {
            next = event;
            schedule();
        }

        @Override
        public void onError(Throwable failure) {
            error = failure;
            terminated = true;
            schedule();
        }

        @Override
        public void onComplete() {
            terminated = true;
            schedule();
        }

        /** Ends the stream: what it subscribed to is let go, and the client is told to reconnect. */
        void close() {
            closing = true;
            Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
            schedule();
        }

        private void schedule() {
            if (pending.getAndIncrement() == 0) {
                execute();
            }
        }

        private void execute() {
            try {
                executor.execute(this);
            } catch (RuntimeException rejected) {
                fail(rejected);
            }
        }

        @Override
        public void run() {
            Throwable failure = broken;
            if (failure != null && !done) {
                fail(failure);
            }
            if (!done) {
                try {
                    write();
                } catch (IOException | RuntimeException failed) {
                    fail(failed);
                }
            }
            if (done) {
                next = null;
            }
            if (pending.decrementAndGet() != 0) {
                execute();
            }
        }

        /** As far as the output takes it; what it cannot take yet waits until the container says it can. */
        private void write() throws IOException {
            while (true) {
                if (unflushed) {
                    if (!out.isReady()) {
                        return;
                    }
                    out.flush();
                    unflushed = false;
                    inFlight = true;
                }
                if (inFlight) {
                    Subscription current = subscription;
                    if (current == null || !out.isReady()) {
                        return;
                    }
                    inFlight = false;
                    if (!closing) {
                        current.request(1);
                    }
                }
                if (closing) {
                    if (closed) {
                        finish();
                        return;
                    }
                    if (!out.isReady()) {
                        return;
                    }
                    out.write(frames.of(RECONNECT));
                    closed = true;
                    unflushed = true;
                    continue;
                }
                // read before the event: a stream that ended after sending it has set the event first
                boolean ended = terminated;
                ServerSentEvent<?> event = next;
                if (event == null) {
                    if (ended) {
                        Throwable failure = error;
                        if (failure != null) {
                            log.warn("A server-sent event stream failed; it ends here", failure);
                        }
                        finish();
                    }
                    return;
                }
                if (!out.isReady()) {
                    return;
                }
                next = null;
                out.write(frames.of(event));
                unflushed = true;
            }
        }

        /** Cancels the subscription and ends the response. */
        private void fail(Throwable failure) {
            log.debug("A server-sent event stream could not be written; it ends here", failure);
            letGo();
            finish();
        }

        private void finish() {
            done = true;
            onEnd.accept(this);
            // dispatched back to Spring, which completes the response
            end.setResult(null);
        }

        /** Cancels the subscription and writes nothing more; whoever calls it ends the response, or already has. */
        private void letGo() {
            done = true;
            onEnd.accept(this);
            Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
