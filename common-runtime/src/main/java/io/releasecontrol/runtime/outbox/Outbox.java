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
        return appendAll(List.of(envelope));
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

    /**
     * Appends the envelopes in order with one statement (one database round trip however many
     * there are: a saga step writes a command and its events together).
     */
    public Mono<Void> appendAll(List<? extends EventEnvelope<?>> envelopes) {
        if (envelopes.isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            int n = envelopes.size();
            String[] ids = new String[n];
            String[] topics = new String[n];
            String[] keys = new String[n];
            String[] types = new String[n];
            String[] payloads = new String[n];
            String[] traceparents = new String[n];
            String current = null;
            for (int i = 0; i < n; i++) {
                EventEnvelope<?> e = envelopes.get(i);
                if (e.traceparent() == null) {
                    current = current != null ? current : currentTraceparent.get();
                    e = e.withTraceparent(current);
                }
                ids[i] = e.id();
                topics[i] = Topics.topicOf(e.data().getClass()).name();
                keys[i] = e.key();
                types[i] = e.type();
                payloads[i] = EventCodec.toJson(e);
                traceparents[i] = e.traceparent();
            }
            // ORDER BY the position: ids (the relay's order) follow the list's order
            return db.sql("""
                    INSERT INTO rc_outbox (event_id, topic, record_key, event_type, payload, traceparent)
                    SELECT e.id, e.topic, e.record_key, e.type, e.payload, e.traceparent
                    FROM unnest(CAST(:ids AS text[]), CAST(:topics AS text[]), CAST(:keys AS text[]),
                        CAST(:types AS text[]), CAST(:payloads AS text[]), CAST(:traceparents AS text[]))
                        WITH ORDINALITY AS e(id, topic, record_key, type, payload, traceparent, n)
                    ORDER BY e.n""")
                    .bind("ids", ids).bind("topics", topics).bind("keys", keys).bind("types", types)
                    .bind("payloads", payloads).bind("traceparents", traceparents)
                    .then().then(wakeRelayAfterCommit());
        });
    }
}
