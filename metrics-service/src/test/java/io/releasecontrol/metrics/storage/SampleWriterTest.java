package io.releasecontrol.metrics.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Group commit, in-order completion, waiting through storage failures, and backpressure. */
class SampleWriterTest {

    private final SampleStore store = mock(SampleStore.class);
    /** the lists each save was called with */
    private final List<List<MetricSampleRecorded>> saves = new CopyOnWriteArrayList<>();

    private static List<MetricSampleRecorded> samples(String instance, int n) {
        List<MetricSampleRecorded> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new MetricSampleRecorded("app", "prod", "1.0.0", instance, Instant.ofEpochSecond(1_000 + i), 10L,
                    0L, 0L, 100.0, 0.1, 0.1, 5L));
        }
        return out;
    }

    /** Each save waits until the test completes its sink; returns the sinks in call order. */
    private List<Sinks.One<Integer>> holdEveryFlush() {
        List<Sinks.One<Integer>> flushes = new CopyOnWriteArrayList<>();
        when(store.save(anyList())).thenAnswer(inv -> {
            saves.add(List.copyOf(inv.getArgument(0)));
            Sinks.One<Integer> sink = Sinks.one();
            flushes.add(sink);
            return sink.asMono();
        });
        return flushes;
    }

    private static void awaitFlushes(List<Sinks.One<Integer>> flushes, int n) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> flushes.size() >= n);
    }

    private SampleWriter writer(int maxPending, int maxFlush) {
        return new SampleWriter(store, maxPending, maxFlush, Duration.ofMillis(10), new SimpleMeterRegistry());
    }

    @Test
    void storesWhatQueuedDuringAFlushInOneFlushAndCompletesCallersInOrder() throws Exception {
        List<Sinks.One<Integer>> flushes = holdEveryFlush();
        SampleWriter writer = writer(1_000, 1_000);

        CompletableFuture<Void> a = writer.submit(samples("a", 3));
        CompletableFuture<Void> b = writer.submit(samples("b", 4));
        CompletableFuture<Void> c = writer.submit(samples("c", 5));
        awaitFlushes(flushes, 1);
        assertThat(saves.get(0)).hasSize(3);
        assertThat(writer.pending()).isEqualTo(12);

        flushes.get(0).tryEmitValue(3);
        awaitFlushes(flushes, 2);
        assertThat(a).isDone();
        assertThat(b).isNotDone();
        // b and c waited together: one flush for both
        assertThat(saves.get(1)).hasSize(9);
        flushes.get(1).tryEmitValue(9);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> b.isDone() && c.isDone());
        assertThat(a).isCompleted();
        assertThat(writer.pending()).isZero();
        assertThat(saves).hasSize(2);
    }

    @Test
    void splitsFlushesAtTheMaximumFlushSize() throws Exception {
        List<Sinks.One<Integer>> flushes = holdEveryFlush();
        SampleWriter writer = writer(1_000, 6);
        writer.submit(samples("a", 2));
        writer.submit(samples("b", 4));
        writer.submit(samples("c", 4));
        awaitFlushes(flushes, 1);
        flushes.get(0).tryEmitValue(2);
        awaitFlushes(flushes, 2);
        flushes.get(1).tryEmitValue(4);
        awaitFlushes(flushes, 3);
        assertThat(saves).extracting(List::size).containsExactly(2, 4, 4);
    }

    @Test
    void keepsCallersWaitingWhileStoringFailsAndCompletesThemOnceItSucceeds() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        when(store.save(anyList())).thenAnswer(inv -> down.get()
                ? Mono.error(new IllegalStateException("store down"))
                : Mono.just(((List<?>) inv.getArgument(0)).size()));
        SampleWriter writer = writer(1_000, 1_000);

        CompletableFuture<Void> stored = writer.submit(samples("a", 3));
        verify(store, org.mockito.Mockito.timeout(5_000).atLeast(3)).save(anyList());
        // not stored, so not completed: a Kafka batch waiting on this is not acknowledged
        assertThat(stored).isNotDone();
        assertThat(writer.pending()).isEqualTo(3);

        down.set(false);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(stored::isDone);
        assertThat(stored).isCompleted();
        assertThat(writer.pending()).isZero();
        verify(store, atLeast(4)).save(anyList());
    }

    @Test
    void blocksCallersWhileTheMaximumOfSamplesWaits() throws Exception {
        Sinks.One<Integer> first = Sinks.one();
        when(store.save(anyList())).thenReturn(first.asMono()).thenReturn(Mono.just(1));
        SampleWriter writer = writer(5, 5);
        writer.submit(samples("a", 5));

        CompletableFuture<CompletableFuture<Void>> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return writer.submit(samples("b", 1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200); // a caller that should stay blocked: give it the chance not to
        assertThat(blocked).isNotDone();

        first.tryEmitValue(5);
        CompletableFuture<Void> b = blocked.get(10, java.util.concurrent.TimeUnit.SECONDS);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(b::isDone);
    }

    @Test
    void kafkaSamplesLingerForAFullerFlushUntilTheLimitOrTheTime() throws Exception {
        List<Sinks.One<Integer>> flushes = holdEveryFlush();
        SampleWriter writer = new SampleWriter(store, 1_000, 10, Duration.ofMillis(400), Duration.ofMillis(10),
                new SimpleMeterRegistry());

        long start = System.nanoTime();
        CompletableFuture<Void> a = writer.submit(samples("a", 3));
        CompletableFuture<Void> b = writer.submit(samples("b", 3));
        Thread.sleep(100);
        assertThat(flushes).as("lingering: 6 of 10 samples, 100 of 400 ms").isEmpty();
        awaitFlushes(flushes, 1);
        assertThat((System.nanoTime() - start) / 1_000_000).as("flushed once the oldest waited its linger")
                .isGreaterThanOrEqualTo(390);
        assertThat(saves.get(0)).hasSize(6);
        flushes.get(0).tryEmitValue(6);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> a.isDone() && b.isDone());

        // the flush limit reached: at once
        writer.submit(samples("c", 6));
        writer.submit(samples("d", 4));
        awaitFlushes(flushes, 2);
        assertThat(saves.get(1)).hasSize(10);
        flushes.get(1).tryEmitValue(10);
    }
}
