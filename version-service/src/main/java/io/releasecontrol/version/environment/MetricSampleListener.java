package io.releasecontrol.version.environment;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleEvent;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Consumes {@code rc.metric-samples} for the version each sample says is running (drift detection). */
@Component
@ConditionalOnProperty(name = "rc.versions.drift-from-metrics", havingValue = "true", matchIfMissing = true)
class MetricSampleListener {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Observations observations;

    MetricSampleListener(Observations observations) {
        this.observations = observations;
    }

    @KafkaListener(topics = Topics.METRIC_SAMPLES, groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        RcEvent event = record.value().data();
        if (event instanceof MetricSampleRecorded sample) {
            // a Kafka container thread, not an event loop
            observations.sample(record.value(), sample).block(TIMEOUT);
        } else if (event instanceof MetricSampleEvent) {
            throw new UnhandledSubtypeException(MetricSampleEvent.class, event);
        }
    }
}
