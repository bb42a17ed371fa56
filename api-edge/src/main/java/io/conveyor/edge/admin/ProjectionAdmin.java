package io.conveyor.edge.admin;

import io.conveyor.contracts.common.StateConflictException;
import io.conveyor.edge.error.NotFoundException;
import io.conveyor.edge.events.ProcessorProgress;
import io.conveyor.edge.events.ProcessorProgress.SegmentProgress;
import io.conveyor.edge.events.StoreHead;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The streaming processors as operators see them: how far each has come, how far behind the log it is, how fast it
 * moves, and a replay that rebuilds a projection from the log while the application keeps serving. Rates come from
 * samples taken every second over the last five seconds.
 */
@Component
public class ProjectionAdmin implements SmartLifecycle {
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
    private static final int SAMPLES = 6;

    private final EventProcessingConfiguration processing;
    private final ProcessorProgress progress;
    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final Map<String, Deque<Sample>> samples = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;

    ProjectionAdmin(
            EventProcessingConfiguration processing,
            ProcessorProgress progress,
            JdbcTemplate jdbc,
            MeterRegistry meters) {
        this.processing = processing;
        this.progress = progress;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /**
     * One processor.
     *
     * @param position every event up to here is handled, on every segment (the slowest segment decides)
     * @param head the newest stored event
     * @param lag events between the two
     * @param status {@code running}, {@code error} or {@code stopped}, on this node
     * @param progress percent: of the replay while replaying, else of the log
     * @param eventsPerSecond how fast the position moved over the last seconds
     */
    public record Projection(
            String name,
            long position,
            long head,
            long lag,
            String status,
            boolean replaying,
            boolean replayable,
            double progress,
            double eventsPerSecond,
            int segments) {}

    public List<Projection> list() {
        long head = head();
        return streamingProcessors().entrySet().stream()
                .map(entry -> describe(entry.getKey(), entry.getValue(), head))
                .sorted(Comparator.comparing(Projection::name))
                .toList();
    }

    public Projection get(String name) {
        return describe(name, processor(name), head());
    }

    /**
     * Stops the processor on this node, resets its tokens (its reset handlers clear the read model) and starts it
     * again: it replays the log from the start while the rest of the application serves as before.
     */
    public Projection replay(String name) {
        StreamingEventProcessor processor = processor(name);
        if (!processor.supportsReset()) {
            throw new StateConflictException("not-replayable", name + " does not support a replay");
        }
        processor.shutDown();
        List<SegmentProgress> reset;
        try {
            processor.resetTokens();
            // the answer describes the replay this call started, read before it runs: a short log replays at once
            reset = progress.of(name);
        } catch (UnableToClaimTokenException e) {
            throw new StateConflictException(
                    "segments-claimed", "another node works on " + name + "; stop it there before a replay");
        } finally {
            processor.start();
        }
        samples.remove(name);
        return describe(name, processor, head(), reset);
    }

    private Projection describe(String name, StreamingEventProcessor processor, long head) {
        return describe(name, processor, head, progress.of(name));
    }

    private Projection describe(
            String name, StreamingEventProcessor processor, long head, List<SegmentProgress> segments) {
        long position = positionOf(segments);
        boolean replaying = segments.stream().anyMatch(SegmentProgress::replaying);
        long replayEnd = segments.stream()
                .map(SegmentProgress::replayEnd)
                .filter(end -> end.isPresent())
                .mapToLong(end -> end.getAsLong())
                .max()
                .orElse(head);
        long goal = replaying ? replayEnd : head;
        double percent = goal <= 0 ? 100 : Math.min(100, Math.max(0, position) * 100.0 / goal);
        String status = processor.isError() ? "error" : processor.isRunning() ? "running" : "stopped";
        return new Projection(
                name,
                Math.max(position, 0),
                head,
                Math.max(0, head - Math.max(position, 0)),
                status,
                replaying,
                processor.supportsReset(),
                Math.round(percent * 10) / 10.0,
                rate(name),
                segments.size());
    }

    /** The slowest segment decides: every event up to here is handled; -1 before the first. */
    private static long positionOf(List<SegmentProgress> segments) {
        return segments.stream().mapToLong(SegmentProgress::position).min().orElse(-1);
    }

    private double rate(String name) {
        Deque<Sample> history = samples.get(name);
        if (history == null || history.size() < 2) {
            return 0;
        }
        Sample oldest = history.peekFirst();
        Sample newest = history.peekLast();
        double seconds = (newest.nanos() - oldest.nanos()) / 1e9;
        return seconds <= 0 ? 0 : Math.round(Math.max(0, newest.position() - oldest.position()) / seconds * 10) / 10.0;
    }

    private void sample() {
        streamingProcessors().keySet().forEach(name -> {
            long position = positionOf(progress.of(name));
            Deque<Sample> history = samples.computeIfAbsent(name, this::startMeasuring);
            synchronized (history) {
                history.addLast(new Sample(System.nanoTime(), position));
                while (history.size() > SAMPLES) {
                    history.removeFirst();
                }
            }
        });
    }

    private record Sample(long nanos, long position) {}

    /**
     * Gauges {@code conveyor.processor.lag} (events behind the newest) and {@code conveyor.processor.replaying} (1
     * while replaying), tagged with the processor; right during a replay too.
     */
    private Deque<Sample> startMeasuring(String processor) {
        Gauge.builder(
                        "conveyor.processor.lag",
                        this,
                        admin -> admin.get(processor).lag())
                .description("events between the newest stored event and the processor's position")
                .baseUnit("events")
                .tag("processor", processor)
                .register(meters);
        Gauge.builder(
                        "conveyor.processor.replaying",
                        this,
                        admin -> admin.get(processor).replaying() ? 1 : 0)
                .description("1 while the processor replays the log")
                .tag("processor", processor)
                .register(meters);
        return new ArrayDeque<>();
    }

    private long head() {
        return StoreHead.newest(jdbc);
    }

    private StreamingEventProcessor processor(String name) {
        return processing
                .eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new NotFoundException("projection", name));
    }

    private Map<String, StreamingEventProcessor> streamingProcessors() {
        return processing.eventProcessors().entrySet().stream()
                .filter(entry -> entry.getValue() instanceof StreamingEventProcessor)
                .collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, entry -> (StreamingEventProcessor) entry.getValue()));
    }

    @Override
    public synchronized void start() {
        sampler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "projection-sampler"));
        sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // a database hiccup: the next sample will do
        }
    }

    @Override
    public synchronized void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sampler != null;
    }
}
