package io.releasecontrol.metrics.ownership;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.releasecontrol.events.Topics;
import io.releasecontrol.metrics.evaluation.Evaluator;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Which {@code rc.metric-samples} partitions this instance evaluates, and the rebuild of their
 * state when it gets one: the windows, rule states and open breaches of a partition's targets live
 * only in memory, so on assignment the consumer seeks back one rebuild horizon (by record
 * timestamp, {@code offsetsForTimes}) and the records up to the committed offset are evaluated
 * again without publishing or storing anything (they were published and stored the first time;
 * breach ids are deterministic) — the state is whole before the first new sample is evaluated.
 * A partition that goes to another consumer has its targets' state dropped: it would be stale if
 * the partition came back. Every partition this instance takes is recorded in {@link
 * PartitionOwners}, so that the read endpoints of any instance find the one that holds a target's
 * state. Runs on the consumer threads (rebalance callbacks and the listener); each container
 * thread has its own consumer and partitions.
 */
public final class PartitionOwnership {

    private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(PartitionOwnership.class));

    /** A partition being rebuilt: records below {@code until} are replayed. */
    private static final class Rebuild {
        final long from;
        final long until;
        final long startNanos = System.nanoTime();
        long samples;

        Rebuild(long from, long until) {
            this.from = from;
            this.until = until;
        }
    }

    private final Evaluator evaluator;
    private final PartitionOwners owners;
    private final Duration horizon;
    private final Clock clock;
    private final Counter replayed;
    private final io.micrometer.core.instrument.Timer rebuildTime;
    /** when the current rebuild began (the assignment), its samples so far; the last one's duration */
    private volatile long rebuildStartNanos;
    private final java.util.concurrent.atomic.AtomicLong rebuildSamples = new java.util.concurrent.atomic.AtomicLong();
    private volatile Duration lastRebuild;
    /** the partitions each consumer (thread) holds, as of its last assignment */
    private final ThreadLocal<Set<TopicPartition>> owned = ThreadLocal.withInitial(HashSet::new);
    private final Map<TopicPartition, Rebuild> rebuilding = new ConcurrentHashMap<>();
    /** the partitions of all of this instance's consumers */
    private final Set<Integer> all = ConcurrentHashMap.newKeySet();
    /** the targets seen on each partition: what to forget when it goes */
    private final Map<Integer, Set<String>> targets = new ConcurrentHashMap<>();

    public PartitionOwnership(Evaluator evaluator, PartitionOwners owners, Duration horizon, Clock clock,
            MeterRegistry meters) {
        this.evaluator = evaluator;
        this.owners = owners;
        this.horizon = horizon;
        this.clock = clock;
        this.replayed = meters.counter("rc.metrics.samples", "outcome", "replayed");
        this.rebuildTime = meters.timer("rc.metrics.rebuild");
    }

    /**
     * The rebalance listener of the sample container only. Not a bean of its own: Spring Boot's
     * container factory configurer gives a {@code ConsumerAwareRebalanceListener} bean to every
     * container it configures, and the other containers' partitions are not this one's business.
     */
    public ConsumerAwareRebalanceListener listener() {
        return new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                assigned(consumer);
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                lost(partitions);
            }
        };
    }

    /** After an assignment: the consumer's whole assignment is what it holds now. */
    void assigned(Consumer<?, ?> consumer) {
        Set<TopicPartition> now = new HashSet<>();
        consumer.assignment().stream().filter(p -> p.topic().equals(Topics.METRIC_SAMPLES)).forEach(now::add);
        Set<TopicPartition> before = owned.get();
        Set<TopicPartition> gone = new HashSet<>(before);
        gone.removeAll(now);
        forget(gone);
        Set<TopicPartition> added = new HashSet<>(now);
        added.removeAll(before);
        owned.set(now);
        now.forEach(p -> all.add(p.partition()));
        LOG.info(() -> "holds rc.metric-samples partitions " + now.stream().map(TopicPartition::partition).sorted().toList()
                + (added.isEmpty() ? "" : ", new: " + added.stream().map(TopicPartition::partition).sorted().toList()));
        if (!added.isEmpty()) {
            owners.claim(added.stream().map(TopicPartition::partition).toList());
            rebuild(consumer, added);
        }
    }

    /** Whether one of this instance's consumers holds the partition now. */
    public boolean owns(int partition) {
        return all.contains(partition);
    }

    /** Partitions lost without a revocation: another member may evaluate them already; never trust this state again. */
    void lost(Collection<TopicPartition> partitions) {
        Set<TopicPartition> lost = new HashSet<>();
        partitions.stream().filter(p -> p.topic().equals(Topics.METRIC_SAMPLES)).forEach(lost::add);
        owned.get().removeAll(lost);
        forget(lost);
    }

    /** Seeks each new partition back one horizon, to replay up to where the group had committed. */
    private void rebuild(Consumer<?, ?> consumer, Set<TopicPartition> added) {
        long since = clock.millis() - horizon.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        added.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition p : added) {
            long committed = consumer.position(p);
            OffsetAndTimestamp first = found.get(p);
            if (first == null || first.offset() >= committed) {
                LOG.info(() -> "partition " + p + " assigned at offset " + committed + ": nothing to rebuild (no "
                        + "record of the last " + horizon + " before it)");
                continue;
            }
            if (rebuilding.isEmpty()) {
                rebuildStartNanos = System.nanoTime();
                rebuildSamples.set(0);
            }
            rebuilding.put(p, new Rebuild(first.offset(), committed));
            consumer.seek(p, first.offset());
            LOG.info(() -> "partition " + p + " assigned: rebuilding its targets' state from offset " + first.offset()
                    + " (the last " + horizon + ") up to the committed " + committed);
        }
    }

    private void forget(Set<TopicPartition> partitions) {
        for (TopicPartition p : partitions) {
            all.remove(p.partition());
            rebuilding.remove(p);
            Set<String> keys = targets.remove(p.partition());
            if (keys != null) {
                evaluator.forget(keys);
                LOG.info(() -> "partition " + p + " went to another consumer: dropped the state of " + keys.size()
                        + " targets");
            }
        }
    }

    /** Notes a live record's target: what to forget when its partition goes. */
    public void noteTarget(int partition, String targetKey) {
        targets.computeIfAbsent(partition, k -> ConcurrentHashMap.newKeySet()).add(targetKey);
    }

    /** Notes the record's target and says whether the record is one of a rebuild (evaluate, publish nothing). */
    public boolean replaying(String topic, int partition, long offset, String targetKey) {
        noteTarget(partition, targetKey);
        if (rebuilding.isEmpty()) {
            return false; // the common case, without building a key
        }
        TopicPartition p = new TopicPartition(topic, partition);
        Rebuild r = rebuilding.get(p);
        if (r == null) {
            return false;
        }
        if (offset >= r.until) {
            finished(p, r);
            return false;
        }
        r.samples++;
        rebuildSamples.incrementAndGet();
        replayed.increment();
        if (offset == r.until - 1) {
            finished(p, r);
        }
        return true;
    }

    private void finished(TopicPartition p, Rebuild r) {
        if (rebuilding.remove(p) != null) {
            LOG.info(() -> String.format(java.util.Locale.ROOT, "partition %s rebuilt: %d samples replayed (offsets %d..%d) "
                    + "in %d ms, %d targets", p, r.samples, r.from, r.until - 1,
                    (System.nanoTime() - r.startNanos) / 1_000_000, targets.getOrDefault(p.partition(), Set.of()).size()));
            if (rebuilding.isEmpty()) {
                Duration took = Duration.ofNanos(System.nanoTime() - rebuildStartNanos);
                lastRebuild = took;
                rebuildTime.record(took);
                LOG.info(() -> String.format(java.util.Locale.ROOT, "state rebuilt: %d samples of %d targets replayed in "
                        + "%d ms; evaluating live", rebuildSamples.get(), targets.values().stream().mapToInt(Set::size).sum(),
                        took.toMillis()));
            }
        }
    }

    /** How long the last rebuild took, from the assignment to the last partition rebuilt; empty before one ended. */
    public java.util.Optional<Duration> lastRebuild() {
        return java.util.Optional.ofNullable(lastRebuild);
    }

    /** Whether a partition of the calling consumer (thread) is being rebuilt. */
    public boolean rebuildingOnThisConsumer() {
        if (rebuilding.isEmpty()) {
            return false; // the common case
        }
        for (TopicPartition p : owned.get()) {
            if (rebuilding.containsKey(p)) {
                return true;
            }
        }
        return false;
    }

    /** Partitions still being rebuilt (for tests and the log). */
    public boolean rebuilding() {
        return !rebuilding.isEmpty();
    }
}
