package io.releasecontrol.metrics.alert;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.alert.AlertEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes alert events to {@code rc.alerts} with the idempotent, acks=all producer. There is no
 * database transaction to join here (the state is the in-memory window), so safety comes from
 * three things instead of an outbox: callers wait for the broker's ack before they acknowledge the
 * input (Kafka offsets, the REST response); event ids are deterministic per breach, so any
 * re-send is a detectable duplicate; and an event the broker did not take stays in a retry queue
 * that is re-sent until it is taken.
 */
@Component
public class AlertPublisher {

    private static final Logger log = LoggerFactory.getLogger(AlertPublisher.class);

    private final KafkaTemplate<String, Object> kafka;
    private final Queue<EventEnvelope<AlertEvent>> unsent = new ConcurrentLinkedQueue<>();

    public AlertPublisher(KafkaTemplate<String, Object> kafka, MeterRegistry meters) {
        this.kafka = kafka;
        // above zero means the broker is refusing alerts: worth an alert of its own
        meters.gauge("rc.metrics.alerts.unsent", unsent, Queue::size);
    }

    /** Completes when the broker acknowledged every event; on failure the events wait in the retry queue. */
    public CompletableFuture<Void> send(List<EventEnvelope<AlertEvent>> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
        for (EventEnvelope<AlertEvent> e : events) {
            CompletableFuture<?> sent;
            try {
                sent = kafka.send(Topics.ALERTS, e.key(), e);
            } catch (RuntimeException ex) {
                // the producer refused at once (no metadata within max.block.ms: the broker is down)
                sent = CompletableFuture.failedFuture(ex);
            }
            sends.add(sent.whenComplete((r, ex) -> {
                if (ex != null) {
                    log.error("alert {} not taken by the broker, queued for re-send: {}", e.id(), ex.getMessage());
                    unsent.add(e);
                }
            }));
            // logged after the send started: the log write is not on the event's way out
            log.info("{} {} for {} version {} (event {})", e.data().getClass().getSimpleName(),
                    e.data() instanceof io.releasecontrol.events.alert.BreachEvent b ? b.evidence().rule() : "",
                    e.subject(), e.data().version(), e.id());
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    /** Events waiting for a re-send (visible for health and tests). */
    public int unsentCount() {
        return unsent.size();
    }

    @Scheduled(fixedDelayString = "${rc.metrics.alert-resend-interval:PT5S}")
    void resendUnsent() {
        List<EventEnvelope<AlertEvent>> batch = new ArrayList<>();
        for (EventEnvelope<AlertEvent> e; (e = unsent.poll()) != null; ) {
            batch.add(e);
        }
        if (!batch.isEmpty()) {
            log.warn("re-sending {} alert event(s) the broker did not take before", batch.size());
            send(batch).orTimeout(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .exceptionally(ex -> null);
        }
    }
}
