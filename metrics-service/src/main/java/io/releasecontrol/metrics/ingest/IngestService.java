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
import io.releasecontrol.metrics.storage.SampleWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/**
 * Evaluation of the samples {@link SampleListener} consumes (every sample comes through {@code
 * rc.metric-samples}): evaluate each sample in memory (the verdicts happen here, on the consumer
 * thread), send each alert event the moment it is decided, and hand the samples to the write-behind
 * {@link SampleWriter}. The listener acknowledges its records only when both are done.
 */
@Service
public class IngestService {

    private final Evaluator evaluator;
    private final AlertPublisher publisher;
    private final SampleWriter writer;
    private final Counter accepted;
    private final Counter late;
    private final Counter duplicates;
    private final Counter rejected;
    private final Timer publishTime;

    public IngestService(Evaluator evaluator, AlertPublisher publisher, SampleWriter writer, MeterRegistry meters) {
        this.evaluator = evaluator;
        this.publisher = publisher;
        this.writer = writer;
        this.accepted = meters.counter("rc.metrics.samples", "outcome", "accepted");
        this.late = meters.counter("rc.metrics.samples", "outcome", "late");
        this.duplicates = meters.counter("rc.metrics.samples", "outcome", "duplicate");
        this.rejected = meters.counter("rc.metrics.samples", "outcome", "rejected");
        this.publishTime = meters.timer("rc.metrics.ingest.complete", "step", "publish");
    }

    /** Samples evaluated so far in a batch: what to store, what to publish, what was dropped. */
    public static final class Batch {
        final List<MetricSampleRecorded> toStore = new ArrayList<>();
        final List<EventEnvelope<AlertEvent>> events = new ArrayList<>();
        /** the broker acks of the events, each sent the moment its evaluation produced it */
        final List<CompletableFuture<Void>> sends = new ArrayList<>();
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
                    EventEnvelope<AlertEvent> event = AlertEvents.envelope(t, causationId, null);
                    batch.events.add(event);
                    // out now, not after the rest of the batch is evaluated
                    batch.sends.add(send(List.of(event)));
                    if (t.kind() == RuleTransition.Kind.BREACHED) {
                        batch.breaches++;
                    } else {
                        batch.recoveries++;
                    }
                }
            }
        }
    }

    /** Evaluates a sample again to rebuild state: its transitions were published the first time, so they are dropped. */
    public void replay(MetricSampleRecorded sample) {
        evaluator.accept(sample);
    }

    public void rejected(int n) {
        rejected.increment(n);
    }

    /** Completes when the broker acknowledged every event of the batch (they were sent during evaluation). */
    public CompletableFuture<Void> published(Batch batch) {
        return batch.sends.isEmpty() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.allOf(batch.sends.toArray(CompletableFuture[]::new));
    }

    /** Sends the batch's events again (after a failed {@link #published}); ids make the copies detectable. */
    public CompletableFuture<Void> resend(Batch batch) {
        return send(batch.events);
    }

    private CompletableFuture<Void> send(List<EventEnvelope<AlertEvent>> events) {
        long start = System.nanoTime();
        return publisher.send(events)
                .whenComplete((v, e) -> publishTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /** Hands the batch's samples to the write-behind, blocking while it is full; completes when they are stored. */
    public CompletableFuture<Void> store(Batch batch) throws InterruptedException {
        return writer.submit(batch.toStore);
    }
}
