package io.releasecontrol.metrics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.alert.AlertPublisher;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.SeedRules;
import io.releasecontrol.metrics.evaluation.TargetHealth.RuleHealth;
import io.releasecontrol.metrics.ownership.PartitionOwners;
import io.releasecontrol.metrics.ownership.PartitionOwnership;
import io.releasecontrol.metrics.storage.SampleStore;
import io.releasecontrol.metrics.storage.SampleWriter;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;
import reactor.core.publisher.Mono;

/**
 * The Kafka batch path with the real evaluator and write-behind over a stand-in store: offsets are
 * acknowledged only after storing, a storage failure acknowledges nothing, a redelivered batch
 * counts nothing twice, and a breach goes out before its batch is stored.
 */
class SampleListenerTest {

    private static final MetricsProperties PROPERTIES = MetricsProperties.defaults();
    private static final Instant T0 = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Evaluator evaluator = new Evaluator(PROPERTIES.evaluation(), SeedRules.all());
    private final AlertPublisher publisher = mock(AlertPublisher.class);
    private final SampleStore store = mock(SampleStore.class);
    private final AtomicBoolean storeDown = new AtomicBoolean();
    /** every sample the store was asked to save */
    private final List<MetricSampleRecorded> saved = new CopyOnWriteArrayList<>();
    private final PartitionOwnership ownership = new PartitionOwnership(evaluator, mock(PartitionOwners.class),
            Duration.ofMinutes(5), Clock.systemUTC(), meters);
    private final SampleListener listener = new SampleListener(new IngestService(evaluator, publisher,
            new SampleWriter(store, 10_000, 10_000, Duration.ofMillis(10), meters), meters), PROPERTIES, ownership,
            ServiceValidator.get());
    @SuppressWarnings("unchecked")
    private final Consumer<String, byte[]> consumer = mock(Consumer.class);
    private long offset;

    SampleListenerTest() {
        when(publisher.send(anyList())).thenReturn(CompletableFuture.completedFuture(null));
        when(store.save(anyList())).thenAnswer(inv -> {
            if (storeDown.get()) {
                return Mono.error(new IllegalStateException("store down"));
            }
            List<MetricSampleRecorded> samples = inv.getArgument(0);
            saved.addAll(samples);
            return Mono.just(samples.size());
        });
    }

    /** 2 instances every 5 s over [from, to) seconds at the error rate. */
    private static List<MetricSampleRecorded> trace(int from, int to, double errorRate) {
        List<MetricSampleRecorded> out = new ArrayList<>();
        for (int s = from; s < to; s += 5) {
            for (int i = 0; i < 2; i++) {
                out.add(new MetricSampleRecorded("shop", "prod", "1.0.0", "i" + i, T0.plusSeconds(s).plusMillis(i),
                        200L, Math.round(200 * errorRate), 0L, 120.0, 0.3, 0.4, 50L));
            }
        }
        return out;
    }

    private List<ConsumerRecord<String, EventEnvelope<RcEvent>>> records(List<MetricSampleRecorded> samples) {
        List<ConsumerRecord<String, EventEnvelope<RcEvent>>> out = records(0, offset, samples);
        offset += samples.size();
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<ConsumerRecord<String, EventEnvelope<RcEvent>>> records(int partition, long from,
            List<MetricSampleRecorded> samples) {
        List<ConsumerRecord<String, EventEnvelope<RcEvent>>> out = new ArrayList<>();
        for (MetricSampleRecorded s : samples) {
            EventEnvelope envelope = EventEnvelope.of("/test", s);
            out.add(new ConsumerRecord<>(Topics.METRIC_SAMPLES, partition, from++, s.key(), envelope));
        }
        return out;
    }

    private RuleHealth errorRule() {
        return evaluator.health("shop", "prod").orElseThrow().versions().get(0).rules().stream()
                .filter(r -> r.rule().equals("error-rate-5pct")).findFirst().orElseThrow();
    }

    private double counted(String outcome) {
        return meters.counter("rc.metrics.samples", "outcome", outcome).count();
    }

    @Test
    void acknowledgesABatchOnlyOnceItsSamplesAreStored() throws Exception {
        storeDown.set(true);
        Acknowledgment ack = mock(Acknowledgment.class);
        listener.onSamples(records(trace(0, 60, 0.01)), ack, consumer);

        verify(store, timeout(5_000).atLeast(3)).save(anyList());
        verify(ack, never()).acknowledge();

        storeDown.set(false);
        verify(ack, timeout(10_000)).acknowledge();
        assertThat(saved).hasSize(24);
    }

    @Test
    void acknowledgesBatchesInOrderBehindAFailingStore() throws Exception {
        storeDown.set(true);
        Acknowledgment first = mock(Acknowledgment.class);
        Acknowledgment second = mock(Acknowledgment.class);
        listener.onSamples(records(trace(0, 30, 0.01)), first, consumer);
        listener.onSamples(records(trace(30, 60, 0.01)), second, consumer);
        verify(store, timeout(5_000).atLeast(3)).save(anyList());
        verify(first, never()).acknowledge();
        verify(second, never()).acknowledge();

        storeDown.set(false);
        verify(second, timeout(10_000)).acknowledge();
        verify(first).acknowledge();
        assertThat(saved).extracting(MetricSampleRecorded::time).isSorted();
    }

    @Test
    void aRedeliveredBatchCountsNothingTwice() throws Exception {
        List<ConsumerRecord<String, EventEnvelope<RcEvent>>> batch = records(trace(0, 60, 0.01));
        Acknowledgment ack = mock(Acknowledgment.class);
        listener.onSamples(batch, ack, consumer);
        verify(ack, timeout(5_000)).acknowledge();
        int windowSamples = errorRule().samples();

        // the same records again, e.g. after a rebalance before the commit landed
        Acknowledgment again = mock(Acknowledgment.class);
        listener.onSamples(batch, again, consumer);
        verify(again, timeout(5_000)).acknowledge();

        assertThat(errorRule().samples()).isEqualTo(windowSamples);
        assertThat(counted("accepted")).isEqualTo(24);
        // dropped again: the newest 30 s as duplicates of their instance, the older ones as late
        assertThat(counted("duplicate") + counted("late")).isEqualTo(24);
        assertThat(counted("duplicate")).isPositive();
        // nothing handed to the store twice
        assertThat(saved).hasSize(24).doesNotHaveDuplicates();
    }

    @Test
    void sendsTheBreachRightAfterItsEvaluationBeforeTheBatchIsStored() throws Exception {
        List<Double> acceptedAtSend = new CopyOnWriteArrayList<>();
        when(publisher.send(anyList())).thenAnswer(inv -> {
            acceptedAtSend.add(counted("accepted"));
            return CompletableFuture.completedFuture(null);
        });
        storeDown.set(true);
        Acknowledgment ack = mock(Acknowledgment.class);
        List<MetricSampleRecorded> samples = new ArrayList<>(trace(0, 60, 0.01));
        samples.addAll(trace(60, 180, 0.30));
        listener.onSamples(records(samples), ack, consumer);

        // the breach left on the consumer thread, while storing still fails
        verify(publisher).send(org.mockito.ArgumentMatchers.argThat(events -> events.size() == 1
                && events.get(0).data().getClass().getSimpleName().equals("ErrorRateBreached")));
        // ... in the middle of the batch, not after the rest of it was evaluated
        assertThat(acceptedAtSend).singleElement().satisfies(n -> assertThat(n).isLessThan(samples.size()));
        verify(ack, never()).acknowledge();
        storeDown.set(false);
        verify(ack, timeout(10_000)).acknowledge();
    }

    @Test
    void aBatchPolledDuringARebuildAcknowledgesNothingAndLeavesItsLiveRecordsForAfterIt() throws Exception {
        TopicPartition rebuilt = new TopicPartition(Topics.METRIC_SAMPLES, 0);
        TopicPartition other = new TopicPartition(Topics.METRIC_SAMPLES, 1);
        // partition 0 was committed at 24 and gets rebuilt from 0; partition 1 has nothing to rebuild
        when(consumer.assignment()).thenReturn(Set.of(rebuilt, other));
        when(consumer.position(rebuilt)).thenReturn(24L);
        when(consumer.position(other)).thenReturn(0L);
        Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
        found.put(rebuilt, new OffsetAndTimestamp(0, T0.toEpochMilli()));
        found.put(other, null);
        when(consumer.offsetsForTimes(anyMap())).thenReturn(found);
        ownership.listener().onPartitionsAssigned(consumer, Set.of(rebuilt, other));
        verify(consumer).seek(rebuilt, 0L);
        clearInvocations(consumer);

        // one poll: partition 0's first 12 replayed records, then 6 live ones of partition 1
        List<MetricSampleRecorded> cart = trace(0, 15, 0.01).stream().map(s -> new MetricSampleRecorded("cart", "prod",
                s.version(), s.instance(), s.time(), s.requests(), s.errors(), s.http5xx(), s.latencyP95Ms(), s.cpu(),
                s.memory(), s.activeUsers())).toList();
        List<MetricSampleRecorded> shop = trace(0, 65, 0.01);
        List<ConsumerRecord<String, EventEnvelope<RcEvent>>> mixed = new ArrayList<>(records(0, 0, shop.subList(0, 12)));
        mixed.addAll(records(1, 0, cart));
        Acknowledgment ack = mock(Acknowledgment.class);
        listener.onSamples(mixed, ack, consumer);

        assertThat(counted("replayed")).isEqualTo(12);
        assertThat(counted("accepted")).as("partition 1's live records wait for the rebuild").isZero();
        verify(consumer).seek(other, 0L);
        verify(consumer, never()).seek(eq(rebuilt), org.mockito.ArgumentMatchers.anyLong());
        verify(ack, never()).acknowledge();

        // the next poll: the rest of the rebuild (offsets 12..23) and partition 0's first live record (24)
        List<ConsumerRecord<String, EventEnvelope<RcEvent>>> end = new ArrayList<>(records(0, 12, shop.subList(12, 25)));
        Acknowledgment ack2 = mock(Acknowledgment.class);
        listener.onSamples(end, ack2, consumer);
        assertThat(counted("replayed")).isEqualTo(24);
        assertThat(ownership.rebuildingOnThisConsumer()).isFalse();
        verify(consumer).seek(rebuilt, 24L);
        verify(ack2, never()).acknowledge();

        // then live records only, as usual: evaluated, stored, acknowledged
        List<ConsumerRecord<String, EventEnvelope<RcEvent>>> live = new ArrayList<>(records(0, 24, shop.subList(24, 25)));
        live.addAll(records(1, 0, cart));
        Acknowledgment ack3 = mock(Acknowledgment.class);
        listener.onSamples(live, ack3, consumer);
        verify(ack3, timeout(5_000)).acknowledge();
        assertThat(counted("accepted")).isEqualTo(7);
        assertThat(saved).hasSize(7);
    }
}
