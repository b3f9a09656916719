package io.releasecontrol.metrics.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * Write-behind for raw samples with group commit: callers hand over already-evaluated samples and
 * get a future that completes once they are stored; one flush runs at a time and takes everything
 * that queued up meanwhile (up to {@code maxFlush} samples), so under load the store sees few big
 * unordered inserts and one roll-up upsert per version-minute instead of one per caller. Futures
 * complete in submission order (Kafka offsets are committed in order on them). A failed flush is
 * retried with back-off until it succeeds (inserts are idempotent by sample id), so its callers
 * simply wait: nothing is acknowledged that is not stored. At most {@code maxPending} samples wait;
 * beyond that {@link #submit} blocks its caller (backpressure on the Kafka consumer).
 *
 * <p>Samples (from the Kafka consumer, which runs ahead of the store anyway) may wait up to
 * {@code linger} for a fuller flush: the store's work is mostly per flush — a document
 * per instance and an upsert per version-minute, however many samples each holds — so fewer,
 * bigger flushes cost it less per sample, at the price of offsets committed up to {@code linger}
 * later. A flush starts as soon as {@code maxFlush} samples wait or the oldest has waited {@code
 * linger}.
 */
public class SampleWriter {

    private static final Logger log = LoggerFactory.getLogger(SampleWriter.class);

    /** Samples of one caller and the future completed when they are stored. */
    private record Pending(List<MetricSampleRecorded> samples, int permits, CompletableFuture<Void> stored,
            long queuedAt) {
    }

    private final SampleStore store;
    private final int maxPending;
    private final int maxFlush;
    private final Duration firstBackoff;
    private final Semaphore capacity;
    private final Timer flushTime;
    private final long lingerNanos;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean flushing;
    /** samples in {@link #queue} */
    private int queued;
    private boolean timerSet;

    public SampleWriter(SampleStore store, int maxPending, int maxFlush, Duration firstBackoff, MeterRegistry meters) {
        this(store, maxPending, maxFlush, Duration.ZERO, firstBackoff, meters);
    }

    public SampleWriter(SampleStore store, int maxPending, int maxFlush, Duration linger, Duration firstBackoff,
            MeterRegistry meters) {
        this.store = store;
        this.lingerNanos = linger.toNanos();
        this.maxPending = maxPending;
        this.maxFlush = maxFlush;
        this.firstBackoff = firstBackoff;
        this.capacity = new Semaphore(maxPending, true);
        this.flushTime = meters.timer("rc.metrics.store.flush");
        meters.gauge("rc.metrics.store.pending", capacity, c -> maxPending - c.availablePermits());
    }

    /** Queues the samples, blocking while {@code maxPending} samples already wait; for threads that may block. */
    public CompletableFuture<Void> submit(List<MetricSampleRecorded> samples) throws InterruptedException {
        if (samples.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int permits = Math.min(samples.size(), maxPending);
        capacity.acquire(permits);
        return enqueue(samples, permits);
    }

    /** Samples handed over and not yet stored. */
    public int pending() {
        return maxPending - capacity.availablePermits();
    }

    private CompletableFuture<Void> enqueue(List<MetricSampleRecorded> samples, int permits) {
        Pending p = new Pending(samples, permits, new CompletableFuture<>(), System.nanoTime());
        synchronized (queue) {
            queue.add(p);
            queued += samples.size();
        }
        flushIfDue();
        return p.stored;
    }

    /** Starts a flush when none runs and one is due; otherwise makes sure a timer checks again. */
    private void flushIfDue() {
        long delay;
        synchronized (queue) {
            if (flushing || queue.isEmpty()) {
                return;
            }
            long waited = System.nanoTime() - queue.peek().queuedAt;
            if (queued >= maxFlush || waited >= lingerNanos) {
                flushing = true;
                delay = -1;
            } else if (timerSet) {
                return;
            } else {
                timerSet = true;
                delay = lingerNanos - waited;
            }
        }
        if (delay < 0) {
            flushNext();
        } else {
            Schedulers.parallel().schedule(() -> {
                synchronized (queue) {
                    timerSet = false;
                }
                flushIfDue();
            }, delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs one flush of what is queued (called with {@link #flushing} set). */
    private void flushNext() {
        List<Pending> taken = new ArrayList<>();
        List<MetricSampleRecorded> samples = new ArrayList<>();
        synchronized (queue) {
            while (!queue.isEmpty() && (taken.isEmpty() || samples.size() + queue.peek().samples.size() <= maxFlush)) {
                Pending p = queue.poll();
                taken.add(p);
                samples.addAll(p.samples);
                queued -= p.samples.size();
            }
            if (taken.isEmpty()) {
                flushing = false;
                return;
            }
        }
        long start = System.nanoTime();
        // building the documents is real work: not on the driver's event loop that completed the last flush
        Mono.defer(() -> store.save(samples)).subscribeOn(Schedulers.boundedElastic())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, firstBackoff).maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(r -> log.warn("storing {} samples failed, retrying: {}", samples.size(),
                                r.failure().toString())))
                .subscribe(fresh -> { }, error -> done(taken, error), () -> {
                    flushTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    done(taken, null);
                });
    }

    private void done(List<Pending> taken, Throwable error) {
        for (Pending p : taken) {
            capacity.release(p.permits);
            if (error == null) {
                p.stored.complete(null);
            } else {
                // only when retrying was cancelled (shutdown): the callers do not acknowledge
                p.stored.completeExceptionally(error);
            }
        }
        synchronized (queue) {
            flushing = false;
        }
        flushIfDue();
    }
}
