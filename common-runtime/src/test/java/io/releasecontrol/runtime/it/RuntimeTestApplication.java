package io.releasecontrol.runtime.it;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.alert.DataCorruptionReported;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import io.micrometer.tracing.Tracer;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** A minimal service on the shared runtime: one idempotent listener that records its effects. */
@SpringBootApplication
public class RuntimeTestApplication {

    /** Events whose description is this make the handler fail, every time. */
    public static final String FAIL_MARKER = "handler-must-fail";
    /** Events whose description is this fail as if the database were down, for their first 6 deliveries. */
    public static final String DATABASE_DOWN_MARKER = "database-down-for-6-attempts";
    public static final Map<String, AtomicInteger> ATTEMPTS = new ConcurrentHashMap<>();

    @Component
    static class EffectListener {

        private final ProcessedEvents processed;
        private final DatabaseClient db;
        private final Tracer tracer;

        EffectListener(ProcessedEvents processed, DatabaseClient db, Tracer tracer) {
            this.processed = processed;
            this.db = db;
            this.tracer = tracer;
        }

        @KafkaListener(topics = Topics.ALERTS, groupId = "runtime-it")
        void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
            EventEnvelope<RcEvent> envelope = record.value();
            if (envelope.data() instanceof DataCorruptionReported r && FAIL_MARKER.equals(r.description())) {
                throw new IllegalStateException("handler failed on purpose for " + envelope.id());
            }
            if (envelope.data() instanceof DataCorruptionReported r && DATABASE_DOWN_MARKER.equals(r.description())
                    && ATTEMPTS.computeIfAbsent(envelope.id(), k -> new AtomicInteger()).incrementAndGet() <= 6) {
                // what Spring's R2DBC support throws while PostgreSQL restarts
                throw new DataAccessResourceFailureException("connection lost", new R2dbcNonTransientResourceException(
                        "database \"rc\" is not currently accepting connections"));
            }
            // the note records the trace this listener runs in, to prove the trace crossed Kafka
            String traceId = tracer.currentSpan() == null ? "-" : tracer.currentSpan().context().traceId();
            // the listener thread is a Kafka container thread, not an event loop: waiting is fine here
            processed.processOnce("runtime-it", record, envelope,
                    db.sql("INSERT INTO test_effects (event_id, note) VALUES (:id, :note)")
                            .bind("id", envelope.id()).bind("note", traceId).then())
                    .block(Duration.ofSeconds(10));
        }
    }
}
