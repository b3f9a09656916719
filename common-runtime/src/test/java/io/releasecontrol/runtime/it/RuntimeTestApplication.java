package io.releasecontrol.runtime.it;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.alert.DataCorruptionReported;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** A minimal service on the shared runtime: one idempotent listener that records its effects. */
@SpringBootApplication
public class RuntimeTestApplication {

    /** Events whose description is this make the handler fail, every time. */
    public static final String FAIL_MARKER = "handler-must-fail";

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
