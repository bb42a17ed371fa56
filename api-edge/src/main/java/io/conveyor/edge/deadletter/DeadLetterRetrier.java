package io.conveyor.edge.deadletter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Retries parked sequences whose next attempt is due, every {@code poll-interval}, on every node; the nodes take
 * turns per processor. Also checks at start that every processor named in the settings parks events (a misspelt
 * name would otherwise leave a processor stopping on failures unnoticed), and registers the gauge
 * {@code conveyor.dead-letters} per processor.
 */
@Component
class DeadLetterRetrier implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterRetrier.class);

    private final DeadLetters letters;
    private final DeadLetterSettings settings;
    private final EventProcessingConfiguration processing;
    private final MeterRegistry meters;
    private ScheduledExecutorService scheduler;

    DeadLetterRetrier(
            DeadLetters letters,
            DeadLetterSettings settings,
            EventProcessingConfiguration processing,
            MeterRegistry meters) {
        this.letters = letters;
        this.settings = settings;
        this.processing = processing;
        this.meters = meters;
    }

    @Override
    public synchronized void start() {
        settings.processors().forEach(this::check);
        settings.processors()
                .forEach(processor -> Gauge.builder("conveyor.dead-letters", letters, l -> l.count(processor))
                        .description("events parked in the processor's dead-letter queue, in every tenant")
                        .tag("processor", processor)
                        .register(meters));
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dead-letter-retry");
            t.setDaemon(true);
            return t;
        });
        long every = settings.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::retryDue, every, every, TimeUnit.MILLISECONDS);
    }

    private void check(String processor) {
        EventProcessor found = processing.eventProcessors().get(processor);
        if (!(found instanceof StreamingEventProcessor)
                || processing.sequencedDeadLetterProcessor(processor).isEmpty()) {
            throw new IllegalStateException("conveyor.dead-letters.processors names " + processor
                    + ", which is not a streaming processor of event handlers (sagas and subscribing processors"
                    + " cannot park events)");
        }
    }

    private void retryDue() {
        for (String processor : settings.processors()) {
            try {
                int retried = letters.retryDue(processor);
                if (retried > 0) {
                    log.info("retried {} parked sequence(s) of {}", retried, processor);
                }
            } catch (RuntimeException e) {
                // the database may be away for a moment; the next round tries again
                log.warn("retrying the dead letters of {} failed", processor, e);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
