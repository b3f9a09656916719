package io.releasecontrol.metrics.ingest;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFormatException;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * Consumes {@code rc.metric-samples} in batches: each sample is evaluated on the consumer thread
 * (that is where verdicts happen); the batch's alert events are sent at once (acks=all), and its
 * samples stored. The storing runs behind the consumer, one batch after the other, at most
 * {@value #MAX_IN_FLIGHT} batches deep, and only a batch whose alerts the broker took and whose
 * samples are stored is acknowledged (manual ack mode): offsets are committed in order, after what their samples caused is safe. A completion
 * that fails is retried with back-off until it succeeds (publishing and storing are idempotent),
 * and the consumer waits meanwhile instead of running ahead. A malformed or invalid sample ends
 * the batch at its index: everything before it is completed, it goes to
 * {@code rc.metric-samples.dlt} with the reason, and the rest of the batch is delivered again.
 */
@Component
class SampleListener {

    private static final LogAccessor LOG = new LogAccessor(LogFactory.getLog(SampleListener.class));
    private static final Duration COMPLETE_TIMEOUT = Duration.ofSeconds(60);
    /** batches evaluated but not yet published and stored: bounds memory and the redelivery after a crash */
    static final int MAX_IN_FLIGHT = 4;

    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    /** the completion of the last batch handed over; the next one starts after it (in-order acks) */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    private final IngestService ingest;
    private final SampleValidator validator;

    SampleListener(IngestService ingest, MetricsProperties properties) {
        this.ingest = ingest;
        this.validator = new SampleValidator(Clock.systemUTC(), properties.maxFutureSkew());
    }

    @KafkaListener(id = "metric-samples", idIsGroup = false, topics = Topics.METRIC_SAMPLES, batch = "true")
    void onSamples(List<ConsumerRecord<String, EventEnvelope<RcEvent>>> records, Acknowledgment ack)
            throws InterruptedException {
        IngestService.Batch batch = new IngestService.Batch();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, EventEnvelope<RcEvent>> record = records.get(i);
            RuntimeException invalid = problemOf(record);
            if (invalid != null) {
                // everything before the bad record must be safe before the error handler moves past it
                tail.join();
                completeOnConsumerThread(batch);
                ingest.rejected(1);
                throw new BatchListenerFailedException(invalid.getMessage(), invalid, i);
            }
            ingest.evaluate((MetricSampleRecorded) record.value().data(), record.value().id(), batch);
        }
        inFlight.acquire();
        // alerts leave at once, in evaluation order; only the acknowledgement waits for the store
        CompletableFuture<Void> published = ingest.publish(batch);
        Mono<Void> publishedOrResent = Mono.fromFuture(published)
                .onErrorResume(e -> Mono.fromFuture(() -> ingest.publish(batch)).retryWhen(backOff("sending alerts")));
        tail = tail.thenCompose(previous -> Mono.when(publishedOrResent,
                        ingest.store(batch).retryWhen(backOff("storing samples"))).toFuture())
                .whenComplete((done, error) -> {
                    inFlight.release();
                    if (error == null) {
                        ack.acknowledge();
                    } else {
                        // only on shutdown: unacknowledged samples are delivered again and deduplicated
                        LOG.warn("sample batch not completed, left unacknowledged: " + error.getMessage());
                    }
                });
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
        if (!(record.value().data() instanceof MetricSampleRecorded sample)) {
            return new EventFormatException("event type '" + record.value().type() + "' is not a metric sample");
        }
        List<FieldError> errors = validator.validate(sample);
        if (!errors.isEmpty()) {
            return new EventFormatException("invalid metric sample: " + errors.stream()
                    .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; ")));
        }
        return null;
    }

    /** Kafka container thread, not an event loop: waiting for the broker and the store is the point. */
    private void completeOnConsumerThread(IngestService.Batch batch) {
        if (!batch.isEmpty()) {
            ingest.complete(batch).block(COMPLETE_TIMEOUT);
        }
    }
}
