package io.releasecontrol.metrics.ownership;

import io.releasecontrol.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code rc.metric-samples} partition of a target key, as the producer's default partitioner
 * places it (murmur2 of the key's bytes, modulo the partition count). The count is read from the
 * broker once and again every {@link #REFRESH} (partitions are rarely added; a target whose
 * partition moved with such a change is read from its old owner until then).
 */
public class TargetPartitions {

    static final Duration REFRESH = Duration.ofMinutes(1);

    private final KafkaTemplate<String, Object> kafka;
    private volatile int count;
    private volatile long readAt;

    public TargetPartitions(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    /** The partition for {@code key} among {@code partitions}: the producer's choice for a keyed record. */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The partition of the target key; asks the broker for the count off the event loop when it is due. */
    public Mono<Integer> partitionOf(String key) {
        int known = count;
        if (known > 0 && System.nanoTime() - readAt < REFRESH.toNanos()) {
            return Mono.just(partitionOf(key, known));
        }
        return Mono.fromCallable(() -> kafka.partitionsFor(Topics.METRIC_SAMPLES).size())
                .subscribeOn(Schedulers.boundedElastic())
                .doOnNext(n -> {
                    count = n;
                    readAt = System.nanoTime();
                })
                // the broker unreachable: the count it last gave is still the best answer
                .onErrorResume(e -> known > 0 ? Mono.just(known) : Mono.error(e))
                .map(n -> partitionOf(key, n));
    }
}
