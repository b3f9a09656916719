package io.releasecontrol.metrics.ingest;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFormatException;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleEvent;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.ownership.PartitionOwnership;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Consumes {@code rc.metric-samples} in batches (one poll, up to {@code max.poll.records}): each
 * sample is evaluated on the consumer thread (that is where verdicts happen), an alert event is
 * sent the moment its evaluation decides it (acks=all), and the samples go to the write-behind {@link
 * io.releasecontrol.metrics.storage.SampleWriter}, which stores many batches in one unordered
 * insert. The consumer moves on to the next poll meanwhile; a batch is acknowledged (manual ack
 * mode, offsets committed in order) only when the broker took its alerts and its samples are
 * stored, so a crash loses no sample and a redelivery is deduplicated (per instance by the windows,
 * by sample id in the store). When the write-behind is full the consumer waits (backpressure). A
 * malformed or invalid sample ends the batch at its index: everything before it is completed, it
 * goes to {@code rc.metric-samples.dlt} with the reason, and the rest of the batch is delivered again.
 * Records a newly assigned partition replays to rebuild its state ({@link PartitionOwnership}) are
 * evaluated only: nothing published, stored, dead-lettered or acknowledged for them; live records
 * of the consumer's other partitions wait until the rebuild is over (see {@link #replayDeferringLive}).
 */
@Component
class SampleListener {

    private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(SampleListener.class));

    /**
     * Per consumer thread (one per container with {@code concurrency} > 1, each with its own
     * partitions and acknowledgements): the acknowledgement of the last batch handed over; the next
     * one is acknowledged after it, so offsets are committed in order.
     */
    private final ThreadLocal<CompletableFuture<?>> tail =
            ThreadLocal.withInitial(() -> CompletableFuture.completedFuture(null));

    private final IngestService ingest;
    private final SampleChecks checks;
    private final PartitionOwnership ownership;

    SampleListener(IngestService ingest, MetricsProperties properties, PartitionOwnership ownership,
            Validator validator) {
        this.ingest = ingest;
        this.checks = new SampleChecks(validator, properties.maxFutureSkew());
        this.ownership = ownership;
    }

    @KafkaListener(id = "metric-samples", idIsGroup = false, topics = Topics.METRIC_SAMPLES, batch = "true",
            containerFactory = SampleConsumerConfiguration.FACTORY)
    void onSamples(List<ConsumerRecord<String, EventEnvelope<RcEvent>>> records, Acknowledgment ack,
            Consumer<?, ?> consumer) throws InterruptedException {
        if (ownership.rebuildingOnThisConsumer()) {
            replayDeferringLive(records, consumer);
            return;
        }
        IngestService.Batch batch = new IngestService.Batch();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, EventEnvelope<RcEvent>> record = records.get(i);
            RuntimeException invalid = problemOf(record);
            MetricSampleRecorded sample = invalid == null ? (MetricSampleRecorded) record.value().data() : null;
            ownership.noteTarget(record.partition(), sample == null ? String.valueOf(record.key()) : sample.key());
            if (invalid != null) {
                // the error handler commits the offsets before the bad record: those samples must be safe first
                awaitQuietly(handOver(batch, null));
                ingest.rejected(1);
                throw new BatchListenerFailedException(invalid.getMessage(), invalid, i);
            }
            ingest.evaluate(sample, record.value().id(), batch);
        }
        handOver(batch, ack);
    }

    /**
     * A batch polled while one of this consumer's partitions is being rebuilt. Acknowledging it would
     * commit the replayed records' offsets, below the group's committed ones (a commit backwards),
     * whenever it also held live records of another partition. So nothing of it is acknowledged: the
     * replayed records are evaluated only, and each partition with a live record (another partition's,
     * or the rebuilt one's past its end) is sought back to the first of them, which comes again once
     * the rebuild is over and is evaluated, stored and acknowledged then.
     */
    private void replayDeferringLive(List<ConsumerRecord<String, EventEnvelope<RcEvent>>> records,
            Consumer<?, ?> consumer) {
        Map<TopicPartition, Long> firstLive = new LinkedHashMap<>();
        for (ConsumerRecord<String, EventEnvelope<RcEvent>> record : records) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (firstLive.containsKey(partition)) {
                continue;
            }
            MetricSampleRecorded sample = problemOf(record) == null ? (MetricSampleRecorded) record.value().data() : null;
            if (ownership.replaying(record.topic(), record.partition(), record.offset(),
                    sample == null ? String.valueOf(record.key()) : sample.key())) {
                if (sample != null) {
                    ingest.replay(sample); // a bad record was dead-lettered the first time
                }
            } else {
                firstLive.put(partition, record.offset());
            }
        }
        firstLive.forEach(consumer::seek);
        if (!firstLive.isEmpty()) {
            LOG.debug(() -> "rebuild in progress: live records from " + firstLive + " come again after it");
        }
    }

    /**
     * Queues the batch's samples for storing and acknowledges the batch (if {@code ack} is given)
     * once they are stored, its alerts (sent during evaluation) acknowledged by the broker, and
     * every earlier batch acknowledged.
     */
    private CompletableFuture<?> handOver(IngestService.Batch batch, Acknowledgment ack) throws InterruptedException {
        CompletableFuture<Void> published = ingest.published(batch).exceptionallyCompose(e ->
                Mono.fromFuture(() -> ingest.resend(batch)).retryWhen(backOff("sending alerts")).toFuture());
        CompletableFuture<Void> stored = ingest.store(batch);
        CompletableFuture<?> acknowledged = CompletableFuture.allOf(tail.get(), published, stored)
                .whenComplete((done, error) -> {
                    if (error != null) {
                        // only on shutdown: unacknowledged samples are delivered again and deduplicated
                        LOG.warn("sample batch not completed, left unacknowledged: " + error.getMessage());
                    } else if (ack != null) {
                        ack.acknowledge();
                    }
                });
        tail.set(acknowledged);
        return acknowledged;
    }

    /** Waits as long as storing takes (it retries until it succeeds); interruptible for shutdown. */
    private static void awaitQuietly(CompletableFuture<?> done) throws InterruptedException {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("samples before an invalid one were not completed", e.getCause());
        }
    }

    private static Retry backOff(String what) {
        return Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                .doBeforeRetry(r -> LOG.warn(what + " for a sample batch failed, retrying: " + r.failure().getMessage()));
    }

    private RuntimeException problemOf(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        if (record.value() == null) {
            DeserializationException e = SerializationUtils.getExceptionFromHeader(record,
                    SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, LOG);
            return e != null ? e : new EventFormatException("message has no value");
        }
        if (!(record.value().data() instanceof MetricSampleEvent event)) {
            return new EventFormatException("event type '" + record.value().type() + "' is not a metric sample");
        }
        if (!(event instanceof MetricSampleRecorded sample)) {
            return new UnhandledSubtypeException(MetricSampleEvent.class, event);
        }
        List<FieldError> errors = checks.errors(sample);
        if (!errors.isEmpty()) {
            return new EventFormatException("invalid metric sample: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
        }
        return null;
    }
}
