package io.releasecontrol.metrics.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.alert.AlertEvent;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.alert.AlertEvents;
import io.releasecontrol.metrics.alert.AlertPublisher;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.RuleTransition;
import io.releasecontrol.metrics.storage.SampleStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * The ingest path shared by REST and Kafka: evaluate each sample in memory (the verdicts happen
 * here, in the caller's thread), then send the alert events and store the samples. Callers
 * acknowledge their input only after {@link #complete} finished.
 */
@Service
public class IngestService {

    private final Evaluator evaluator;
    private final AlertPublisher publisher;
    private final SampleStore store;
    private final Counter accepted;
    private final Counter late;
    private final Counter duplicates;
    private final Counter rejected;
    private final Timer publishTime;
    private final Timer storeTime;

    public IngestService(Evaluator evaluator, AlertPublisher publisher, SampleStore store, MeterRegistry meters) {
        this.evaluator = evaluator;
        this.publisher = publisher;
        this.store = store;
        this.accepted = meters.counter("rc.metrics.samples", "outcome", "accepted");
        this.late = meters.counter("rc.metrics.samples", "outcome", "late");
        this.duplicates = meters.counter("rc.metrics.samples", "outcome", "duplicate");
        this.rejected = meters.counter("rc.metrics.samples", "outcome", "rejected");
        this.publishTime = meters.timer("rc.metrics.ingest.complete", "step", "publish");
        this.storeTime = meters.timer("rc.metrics.ingest.complete", "step", "store");
    }

    /** Samples evaluated so far in a batch: what to store, what to publish, what was dropped. */
    public static final class Batch {
        final List<MetricSampleRecorded> toStore = new ArrayList<>();
        final List<EventEnvelope<AlertEvent>> events = new ArrayList<>();
        int late;
        int duplicates;
        int breaches;
        int recoveries;

        public boolean isEmpty() {
            return toStore.isEmpty() && events.isEmpty();
        }
    }

    /** Evaluates one valid sample into {@code batch}; {@code causationId} is the sample event's id, if any. */
    public void evaluate(MetricSampleRecorded sample, String causationId, Batch batch) {
        Evaluator.Result result = evaluator.accept(sample);
        switch (result.admission()) {
            case LATE -> {
                batch.late++;
                late.increment();
            }
            case DUPLICATE -> {
                batch.duplicates++;
                duplicates.increment();
            }
            case ACCEPTED -> {
                accepted.increment();
                batch.toStore.add(sample);
                for (RuleTransition t : result.transitions()) {
                    batch.events.add(AlertEvents.envelope(t, causationId, null));
                    if (t.kind() == RuleTransition.Kind.BREACHED) {
                        batch.breaches++;
                    } else {
                        batch.recoveries++;
                    }
                }
            }
        }
    }

    public void rejected(int n) {
        rejected.increment(n);
    }

    /** Sends the batch's events (broker ack) and stores its samples, side by side; completes when both are done. */
    public Mono<Batch> complete(Batch batch) {
        return Mono.when(Mono.fromFuture(() -> publish(batch)), store(batch)).thenReturn(batch);
    }

    /** Starts sending the batch's alert events now; completes on the broker's acks. */
    public CompletableFuture<Void> publish(Batch batch) {
        long start = System.nanoTime();
        return publisher.send(batch.events)
                .whenComplete((v, e) -> publishTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /** Stores the batch's samples (raw and roll-ups) when subscribed. */
    public Mono<Integer> store(Batch batch) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return store.save(batch.toStore)
                    .doOnSuccess(v -> storeTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
        });
    }
}
