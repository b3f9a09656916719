package io.releasecontrol.metrics.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one path in for samples that do not come from Kafka (a REST batch, a Prometheus pull): each
 * valid sample goes to {@code rc.metric-samples} keyed by its target, with the idempotent acks=all
 * producer, and the returned Mono completes when the broker took all of them. Evaluation happens
 * only in {@link SampleListener}, on the instance that owns the target's partition, so any instance
 * can take samples and a target's samples are evaluated in one place and rebuilt after a restart.
 */
@Component
public class SamplePublisher {

    /** the source of the sample events this service writes for its callers */
    static final String SOURCE = "/release-control/metrics-service";

    private final KafkaTemplate<String, Object> kafka;
    private final Timer sendTime;

    SamplePublisher(KafkaTemplate<String, Object> kafka, MeterRegistry meters) {
        this.kafka = kafka;
        this.sendTime = meters.timer("rc.metrics.samples.produce");
    }

    /**
     * Sends the samples in time order (a target's samples share a partition, so they are evaluated in
     * that order); completes when the broker acknowledged every one, fails if any was refused.
     */
    public Mono<Void> publish(List<MetricSampleRecorded> samples) {
        if (samples.isEmpty()) {
            return Mono.empty();
        }
        List<MetricSampleRecorded> ordered = new ArrayList<>(samples);
        ordered.sort(Comparator.comparing(MetricSampleRecorded::time));
        // send() blocks for up to max.block.ms when the broker is unknown: never on an event loop
        return Mono.fromCallable(() -> {
            long start = System.nanoTime();
            List<CompletableFuture<?>> sends = new ArrayList<>(ordered.size());
            for (MetricSampleRecorded s : ordered) {
                sends.add(kafka.send(Topics.METRIC_SAMPLES, s.key(), EventEnvelope.of(SOURCE, s)));
            }
            return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .whenComplete((v, e) -> sendTime.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
        }).subscribeOn(Schedulers.boundedElastic()).flatMap(Mono::fromFuture);
    }
}
