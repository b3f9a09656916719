package io.releasecontrol.metrics.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.SeedRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which partitions are rebuilt on assignment, how far back, which records replay, and what a lost partition forgets. */
class PartitionOwnershipTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition(Topics.METRIC_SAMPLES, 0);
    private static final TopicPartition P1 = new TopicPartition(Topics.METRIC_SAMPLES, 1);

    private final Evaluator evaluator = new Evaluator(MetricsProperties.defaults().evaluation(), SeedRules.all());
    private final PartitionOwners owners = mock(PartitionOwners.class);
    private final PartitionOwnership ownership = new PartitionOwnership(evaluator, owners, Duration.ofMinutes(5),
            Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry());
    @SuppressWarnings("unchecked")
    private final Consumer<String, byte[]> consumer = mock(Consumer.class);

    /** the consumer holds {@code assigned}; {@code first} is each partition's first offset of the last 5 minutes */
    private void assign(Set<TopicPartition> assigned, Map<TopicPartition, Long> committed, Map<TopicPartition, Long> first) {
        when(consumer.assignment()).thenReturn(assigned);
        committed.forEach((p, o) -> when(consumer.position(p)).thenReturn(o));
        Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
        first.forEach((p, o) -> found.put(p, new OffsetAndTimestamp(o, NOW.minusSeconds(299).toEpochMilli())));
        assigned.forEach(p -> found.putIfAbsent(p, null));
        when(consumer.offsetsForTimes(anyMap())).thenReturn(found);
        ownership.listener().onPartitionsAssigned(consumer, assigned);
    }

    private void sample(String app) {
        evaluator.accept(new MetricSampleRecorded(app, "prod", "1.0.0", "i0", NOW.minusSeconds(10), 100L, 1L, 0L, 100.0,
                0.2, 0.3, 10L));
    }

    @Test
    void seeksANewPartitionBackOneHorizonAndReplaysUpToTheCommittedOffset() {
        assign(Set.of(P0, P1), Map.of(P0, 120L, P1, 40L), Map.of(P0, 100L));

        verify(consumer).seek(P0, 100L);
        verify(owners).claim(org.mockito.ArgumentMatchers.argThat(p -> Set.copyOf(p).equals(Set.of(0, 1))));
        assertThat(ownership.owns(0)).isTrue();
        assertThat(ownership.owns(2)).isFalse();
        // P1 had no record in the last five minutes: nothing before its committed offset to replay
        verify(consumer, never()).seek(P1, 40L);
        assertThat(ownership.replaying(P0.topic(), 0, 100, "shop:prod")).isTrue();
        assertThat(ownership.replaying(P0.topic(), 0, 119, "shop:prod")).isTrue();
        assertThat(ownership.replaying(P0.topic(), 0, 120, "shop:prod")).isFalse();
        assertThat(ownership.replaying(P1.topic(), 1, 40, "cart:prod")).isFalse();
        assertThat(ownership.rebuilding()).isFalse();
    }

    @Test
    void aPartitionAssignedAgainWithoutHavingLeftIsNotRebuilt() {
        assign(Set.of(P0), Map.of(P0, 120L), Map.of(P0, 100L));
        ownership.replaying(P0.topic(), 0, 119, "shop:prod");

        assign(Set.of(P0, P1), Map.of(P0, 200L, P1, 10L), Map.of(P0, 150L, P1, 5L));

        verify(consumer, never()).seek(P0, 150L);
        verify(consumer).seek(P1, 5L);
    }

    @Test
    void forgetsTheTargetsOfAPartitionThatWentToAnotherConsumer() {
        assign(Set.of(P0, P1), Map.of(P0, 0L, P1, 0L), Map.of());
        sample("shop");
        sample("cart");
        ownership.replaying(P0.topic(), 0, 0, "shop:prod");
        ownership.replaying(P1.topic(), 1, 0, "cart:prod");

        assign(Set.of(P0), Map.of(P0, 1L), Map.of());

        assertThat(evaluator.health("shop", "prod")).isPresent();
        assertThat(evaluator.health("cart", "prod")).isEmpty();
        assertThat(ownership.owns(1)).isFalse();
    }

    @Test
    void anotherTopicsLostPartitionIsNotThisOnesBusiness() {
        assign(Set.of(P1), Map.of(P1, 0L), Map.of());
        sample("cart");
        ownership.replaying(P1.topic(), 1, 0, "cart:prod");

        ownership.listener().onPartitionsLost(consumer, Set.of(new TopicPartition(Topics.DEPLOYMENTS, 1)));

        assertThat(ownership.owns(1)).isTrue();
        assertThat(evaluator.health("cart", "prod")).isPresent();
    }

    @Test
    void forgetsALostPartitionAtOnce() {
        assign(Set.of(P0), Map.of(P0, 0L), Map.of());
        sample("shop");
        ownership.replaying(P0.topic(), 0, 0, "shop:prod");

        ownership.listener().onPartitionsLost(consumer, Set.of(P0, new TopicPartition(Topics.DEPLOYMENTS, 1)));

        assertThat(evaluator.health("shop", "prod")).isEmpty();
    }
}
