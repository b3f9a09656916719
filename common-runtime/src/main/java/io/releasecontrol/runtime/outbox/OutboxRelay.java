package io.releasecontrol.runtime.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *
 * <p>A batch that is not fully acknowledged stays pending and its failure is recorded on its rows
 * in the same transaction: {@code attempts}, {@code last_error} and {@code last_attempt_at}; the
 * round then fails with an {@link OutboxPublishException} naming the first failed row, and the
 * next poll tries again. After each round (at most every {@link OutboxBacklog#REFRESH_EVERY}) the
 * {@link OutboxBacklog} meters are refreshed.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final KafkaTemplate<String, byte[]> kafka;
    private final OutboxProperties props;
    private final OutboxBacklog backlog;
    private final Sinks.Many<Boolean> wakeUps = Sinks.many().multicast().directBestEffort();
    private final AtomicBoolean running = new AtomicBoolean();
    private Disposable loop;
    private Disposable purge;

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, KafkaTemplate<String, byte[]> kafka,
            OutboxProperties props) {
        this(db, tx, kafka, props, new OutboxBacklog(db));
    }

    public OutboxRelay(DatabaseClient db, TransactionalOperator tx, KafkaTemplate<String, byte[]> kafka,
            OutboxProperties props, OutboxBacklog backlog) {
        this.db = db;
        this.tx = tx;
        this.kafka = kafka;
        this.props = props;
        this.backlog = backlog;
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

    /**
     * One batch in one transaction; 0 when nothing is pending or another instance holds the lock.
     * Fails with {@link OutboxPublishException} after the transaction recorded a failed batch.
     */
    public Mono<Integer> relayBatch() {
        Mono<Batch> batch = db.sql("SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.rc_outbox')) AS locked")
                .map(row -> Boolean.TRUE.equals(row.get("locked", Boolean.class)))
                .one()
                .flatMap(locked -> locked ? publishPending() : Mono.just(Batch.NOTHING));
        // the failure is raised after the commit: raised inside, it would roll back its own record
        return tx.transactional(batch)
                .flatMap(b -> b.failure() == null ? Mono.just(b.published()) : Mono.error(b.failure()));
    }

    /** A relay batch's result: rows published, or the failure recorded on them. */
    private record Batch(int published, OutboxPublishException failure) {
        static final Batch NOTHING = new Batch(0, null);
    }

    private Mono<Batch> publishPending() {
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
                .flatMap(rows -> rows.isEmpty() ? Mono.just(Batch.NOTHING)
                        : send(rows).flatMap(deliveries -> deliveries.stream().allMatch(Delivery::isAcked)
                                ? markPublished(rows).thenReturn(new Batch(rows.size(), null))
                                : recordFailure(deliveries).map(failure -> new Batch(0, failure))));
    }

    /**
     * Sends in order and waits for the acknowledgements, {@code rc.outbox.send-timeout} for the
     * whole batch; emits what became of each row. A row's failure is its delivery's, never an error
     * of the batch: the caller records it.
     */
    protected Mono<List<Delivery>> send(List<PendingRow> rows) {
        // KafkaTemplate.send may block on metadata, and this waits: never on a database event-loop thread
        return Mono.fromCallable(() -> sendAndWait(rows)).subscribeOn(Schedulers.boundedElastic());
    }

    private List<Delivery> sendAndWait(List<PendingRow> rows) throws InterruptedException {
        long deadline = System.nanoTime() + props.sendTimeout().toNanos();
        List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
        for (PendingRow row : rows) {
            acks.add(System.nanoTime() - deadline < 0 ? sendOne(row) : CompletableFuture.failedFuture(
                    new TimeoutException("not sent: the batch's send timeout of " + props.sendTimeout() + " had passed")));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // some row failed or is unconfirmed: each row's own outcome is read below
        }
        List<Delivery> deliveries = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            deliveries.add(Delivery.of(rows.get(i), acks.get(i), props.sendTimeout()));
        }
        return deliveries;
    }

    private CompletableFuture<?> sendOne(PendingRow row) {
        try {
            return kafka.send(toRecord(row));
        } catch (RuntimeException e) {
            // a record the client refuses before sending (serialisation, a closed producer)
            return CompletableFuture.failedFuture(e);
        }
    }

    protected Mono<Void> markPublished(List<PendingRow> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        rows.forEach(r -> ids.add(r.id()));
        return db.sql("""
                UPDATE rc_outbox SET published_at = now(), attempts = attempts + 1, last_attempt_at = now()
                WHERE id = ANY(:ids)""")
                .bind("ids", ids.toArray(Long[]::new))
                .then();
    }

    /**
     * Records the attempt on every row of a batch that was not fully acknowledged: each failed row
     * gets its own error; a row the broker did acknowledge stays pending too (the batch is marked
     * as a whole) and says so, since it will be sent again with the batch.
     */
    private Mono<OutboxPublishException> recordFailure(List<Delivery> deliveries) {
        Delivery first = deliveries.stream().filter(d -> !d.isAcked()).findFirst().orElseThrow();
        int n = deliveries.size();
        Long[] ids = new Long[n];
        String[] errors = new String[n];
        for (int i = 0; i < n; i++) {
            Delivery d = deliveries.get(i);
            ids[i] = d.row().id();
            errors[i] = d.error().map(ErrorText::of)
                    .orElse("acknowledged, but row " + first.row().id() + " of its batch failed: sent again with the batch");
        }
        String firstError = ErrorText.of(first.error().orElseThrow());
        int failed = (int) deliveries.stream().filter(d -> !d.isAcked()).count();
        return db.sql("""
                UPDATE rc_outbox o SET attempts = o.attempts + 1, last_error = f.error, last_attempt_at = now()
                FROM unnest(CAST(:ids AS bigint[]), CAST(:errors AS text[])) AS f(id, error)
                WHERE o.id = f.id
                RETURNING o.id, o.attempts""")
                .bind("ids", ids).bind("errors", errors)
                .map(row -> new long[] {row.get("id", Long.class), row.get("attempts", Integer.class)})
                .all()
                .filter(idAndAttempts -> idAndAttempts[0] == first.row().id())
                .next()
                .map(idAndAttempts -> OutboxPublishException.of(first.row(), (int) idAndAttempts[1], firstError, n, failed));
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
        // the producer is made on first use: 0.4 s on a busy 2-core machine, which the first event
        // after a start would wait for (measured on the partial rollback's command, issue 23)
        Schedulers.boundedElastic().schedule(() -> {
            try {
                kafka.execute(producer -> null);
            } catch (RuntimeException e) {
                log.debug("outbox producer not made at start (the first publish makes it): {}", e.toString());
            }
        });
        Flux<Boolean> ticks = Flux.merge(Flux.interval(props.pollInterval()).map(i -> Boolean.TRUE), wakeUps.asFlux());
        // latest, not drop: a row committed while a drain runs (which may have read before the commit)
        // is drained right after it, not at the next tick
        loop = ticks.onBackpressureLatest()
                .concatMap(t -> drain().onErrorResume(e -> {
                    log.warn("outbox relay round failed, retrying in {}: {}", props.pollInterval(),
                            e instanceof OutboxPublishException ? e.getMessage() : e.toString());
                    return Mono.just(0);
                }).flatMap(n -> backlog.refreshIfDue().thenReturn(n)), 1)
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
