package io.conveyor.edge.streaming;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitterReturnValueHandler;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.publisher.Flux;

/**
 * Writes the {@code Flux<ServerSentEvent>} a controller answers with one write and one flush for each event. Spring
 * MVC's own adapter writes an event in three parts (its fields, its data, the blank line after it), each flushed on
 * its own: three chunks and three system calls on every stream for every change, which was most of what one change
 * cost to reach 10,000 streams (decision 48). Everything else stays Spring's: the emitter, the asynchronous request,
 * the task executor that writes, so that the thread publishing a change never waits for a client's socket.
 *
 * <p>Registered ahead of Spring's handlers, which would otherwise claim the flux first.
 */
@Component
class FramedSseReturnValues implements HandlerMethodReturnValueHandler {
    /** No timeout: a stream lasts as long as its client, as with Spring's adapter. */
    private static final long NO_TIMEOUT = -1;

    private final ResponseBodyEmitterReturnValueHandler emitters;
    private final Executor executor;
    private final SseFrames frames;

    FramedSseReturnValues(
            RequestMappingHandlerAdapter adapter,
            @Qualifier("applicationTaskExecutor") AsyncTaskExecutor executor,
            ObjectMapper json) {
        List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>(adapter.getReturnValueHandlers());
        this.emitters = handlers.stream()
                .filter(ResponseBodyEmitterReturnValueHandler.class::isInstance)
                .map(ResponseBodyEmitterReturnValueHandler.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Spring MVC has no handler for streamed responses"));
        this.executor = executor;
        this.frames = new SseFrames(json);
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
        SseEmitter emitter = new SseEmitter(NO_TIMEOUT);
        FrameWriter writer = new FrameWriter(emitter, executor, frames);
        ((Publisher<ServerSentEvent<?>>) returnValue).subscribe(writer);
        try {
            // what it sends before the response is ready waits in the emitter
            emitters.handleReturnValue(emitter, returnType, mav, request);
        } catch (Exception e) {
            // no response will end it: the subscription would stay open for ever
            writer.stop();
            throw e;
        }
    }

    /**
     * Asks for one event at a time and writes it on the executor; the next is asked for once it is written. A write
     * that fails (the client went away) or an emitter that ends cancels the subscription.
     */
    static final class FrameWriter implements Subscriber<ServerSentEvent<?>>, Runnable {
        private final SseEmitter emitter;
        private final Executor executor;
        private final SseFrames frames;
        /** Signals not yet handled: the one that finds none running schedules the writer. */
        private final AtomicInteger pending = new AtomicInteger();

        private volatile Subscription subscription;
        /** With a demand of one, at most one event waits. */
        private volatile ServerSentEvent<?> next;

        private volatile boolean terminated;
        private volatile Throwable error;
        private volatile boolean done;

        FrameWriter(SseEmitter emitter, Executor executor, SseFrames frames) {
            this.emitter = emitter;
            this.executor = executor;
            this.frames = frames;
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            this.subscription = subscription;
            emitter.onTimeout(this::stop);
            emitter.onError(e -> stop());
            emitter.onCompletion(this::stop);
            subscription.request(1);
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

        private void schedule() {
            if (pending.getAndIncrement() == 0) {
                execute();
            }
        }

        private void execute() {
            try {
                executor.execute(this);
            } catch (RuntimeException rejected) {
                stop();
                emitter.completeWithError(rejected);
            }
        }

        @Override
        public void run() {
            if (done) {
                next = null;
                return;
            }
            // read before the event: a stream that ended after sending it has set the event first
            boolean ended = terminated;
            ServerSentEvent<?> event = next;
            if (event != null) {
                next = null;
                try {
                    emitter.send(Set.of(new DataWithMediaType(frames.of(event), MediaType.TEXT_EVENT_STREAM)));
                } catch (IOException | RuntimeException failed) {
                    stop();
                    emitter.completeWithError(failed);
                    return;
                }
                subscription.request(1);
            }
            if (ended) {
                done = true;
                Throwable failure = error;
                if (failure != null) {
                    emitter.completeWithError(failure);
                } else {
                    emitter.complete();
                }
                return;
            }
            if (pending.decrementAndGet() != 0) {
                execute();
            }
        }

        private void stop() {
            done = true;
            Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
