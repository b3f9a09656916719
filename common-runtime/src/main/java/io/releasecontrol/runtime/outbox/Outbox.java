package io.releasecontrol.runtime.outbox;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.serde.EventCodec;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes events into the outbox table. Call it inside the same {@code TransactionalOperator}
 * transaction as the state change that causes the events: both commit, or neither does. The
 * {@link OutboxRelay} publishes them afterwards. Business code never talks to Kafka directly.
 */
public class Outbox {

    private final DatabaseClient db;
    private final Supplier<String> currentTraceparent;
    private final Runnable wakeRelay;

    public Outbox(DatabaseClient db, Supplier<String> currentTraceparent, Runnable wakeRelay) {
        this.db = db;
        this.currentTraceparent = currentTraceparent;
        this.wakeRelay = wakeRelay;
    }

    public Mono<Void> append(EventEnvelope<?> envelope) {
        return Mono.defer(() -> {
            EventEnvelope<?> traced = envelope.traceparent() != null ? envelope
                    : envelope.withTraceparent(currentTraceparent.get());
            String topic = Topics.topicOf(traced.data().getClass()).name();
            var spec = db.sql("""
                    INSERT INTO rc_outbox (event_id, topic, record_key, event_type, payload, traceparent)
                    VALUES (:eventId, :topic, :key, :type, :payload, :traceparent)""")
                    .bind("eventId", traced.id())
                    .bind("topic", topic)
                    .bind("key", traced.key())
                    .bind("type", traced.type())
                    .bind("payload", EventCodec.toJson(traced));
            spec = traced.traceparent() == null ? spec.bindNull("traceparent", String.class)
                    : spec.bind("traceparent", traced.traceparent());
            return spec.then().then(wakeRelayAfterCommit());
        });
    }

    /** Publishing latency is one commit, not one poll interval: nudge the local relay on commit. */
    private Mono<Void> wakeRelayAfterCommit() {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .doOnNext(tx -> tx.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public Mono<Void> afterCommit() {
                        return Mono.fromRunnable(wakeRelay);
                    }
                }))
                .onErrorResume(NoTransactionException.class, e -> Mono.fromRunnable(wakeRelay).then(Mono.empty()))
                .then();
    }

    public Mono<Void> appendAll(List<? extends EventEnvelope<?>> envelopes) {
        return Flux.fromIterable(envelopes).concatMap(this::append).then();
    }
}
