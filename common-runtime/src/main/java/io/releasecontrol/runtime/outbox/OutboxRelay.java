package io.releasecontrol.runtime.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes outbox rows to Kafka in id order and marks them published.
 *
 * <p>One batch is one database transaction: take the relay lock, read pending rows, send them
 * and wait for every acknowledgement ({@code acks=all}, idempotent producer), then mark them.
 * A crash before the mark leaves the rows pending, so they are sent again after restart — the
 * same event id twice at worst, which idempotent consumers drop. A transaction-scoped advisory
 * lock lets only one instance of a service relay at a time, which keeps per-target order when
 * several instances run.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties props;
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
    private final AtomicBoolean running = new AtomicBoolean();
    private Disposable loop;
    private Disposable purge;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, KafkaTemplate<String, byte[]> kafka,
            OutboxProperties props) {
        this.db = db;
        this.tx = tx;
        this.kafka = kafka;
        this.props = props;
    }

    /** Asks for a relay round now (called after an outbox write commits). */
    public void wakeUp() {
        wakeUps.tryEmitNext(Boolean.TRUE);
    }

    /** Publishes everything pending, batch after batch; emits the number of rows published. */
    public Mono<Integer> drain() {
        return relayBatch().expand(n -> n >= props.batchSize() ? relayBatch() : Mono.empty())
                .reduce(0, Integer::sum);
    }

    /** One batch in one transaction; 0 when nothing is pending or another instance holds the lock. */
    public Mono<Integer> relayBatch() {
        Mono<Integer> batch = db.sql("SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.rc_outbox')) AS locked")
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? publishPending() : Mono.just(0));
        return tx.transactional(batch);
    }

    private Mono<Integer> publishPending() {
        return db.sql("""
                SELECT id, topic, record_key, event_id, event_type, payload, traceparent
                FROM rc_outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit""")
                .bind("limit", props.batchSize())
                .map((row, meta) -> new PendingRow(row.get("id", Long.class), row.get("topic", String.class),
                        row.get("record_key", String.class), row.get("event_id", String.class),
                        row.get("event_type", String.class), row.get("payload", String.class),
                        row.get("traceparent", String.class)))
                .all()
                .collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(0)
                        : send(rows).then(markPublished(rows)).thenReturn(rows.size()));
    }

    /** Sends in order and waits for every acknowledgement. */
    protected Mono<Void> send(List<PendingRow> rows) {
        return Flux.fromIterable(rows)
                // KafkaTemplate.send may block on metadata: never on a database event-loop thread
                .publishOn(Schedulers.boundedElastic())
                .map(row -> Mono.fromFuture(kafka.send(toRecord(row))))
                .collectList()
                .flatMap(acks -> Flux.concat(acks).then())
                .timeout(props.sendTimeout());
    }

    protected Mono<Void> markPublished(List<PendingRow> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        rows.forEach(r -> ids.add(r.id()));
        return db.sql("UPDATE rc_outbox SET published_at = now(), attempts = attempts + 1 WHERE id = ANY(:ids)")
                .bind("ids", ids.toArray(Long[]::new))
                .then();
    }

    private ProducerRecord<String, byte[]> toRecord(PendingRow row) {
        var record = new ProducerRecord<String, byte[]>(row.topic(), row.key(), row.payload().getBytes(StandardCharsets.UTF_8));
        // binary-mode CloudEvents attributes as headers too, so ops can filter without parsing
        record.headers().add("ce_id", row.eventId().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", row.eventType().getBytes(StandardCharsets.UTF_8));
        if (row.traceparent() != null) {
            // the consumer's span becomes a child of the request that caused the event
            record.headers().add("traceparent", row.traceparent().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** Deletes published rows past the retention. */
    public Mono<Long> purgePublished() {
        return db.sql("DELETE FROM rc_outbox WHERE published_at IS NOT NULL AND published_at < :before")
                .bind("before", Instant.now().minus(props.retention()))
                .fetch().rowsUpdated();
    }

    @Override
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Flux<Boolean> ticks = Flux.merge(Flux.interval(props.pollInterval()).map(i -> Boolean.TRUE), wakeUps.asFlux());
        loop = ticks.onBackpressureDrop()
                .concatMap(t -> drain().onErrorResume(e -> {
                    log.warn("outbox relay round failed, retrying in {}: {}", props.pollInterval(), e.toString());
                    return Mono.just(0);
                }), 1)
                .subscribeOn(Schedulers.boundedElastic())
                .subscribe(n -> {
                    if (n > 0) {
                        log.debug("outbox relay published {} event(s)", n);
                    }
                });
        purge = Flux.interval(Duration.ofMinutes(1), Duration.ofHours(1))
                .concatMap(i -> purgePublished().onErrorResume(e -> Mono.just(0L)))
                .subscribe();
        log.info("outbox relay started (poll every {}, batch {})", props.pollInterval(), props.batchSize());
    }

    @Override
    public void stop() {
        if (running.compareAndSet(true, false) && loop != null) {
            loop.dispose();
            purge.dispose();
            log.info("outbox relay stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Stop before the Kafka producer and connection pool shut down. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    /** One row of {@code rc_outbox} waiting to be published. */
    protected record PendingRow(Long id, String topic, String key, String eventId, String eventType, String payload,
            String traceparent) {
    }
}
