package io.releasecontrol.runtime.inbox;

import io.releasecontrol.events.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Idempotent consumption keyed by event id. {@link #processOnce} records the event as processed
 * and runs the consumer's action in one transaction: a redelivered event (after a rebalance, a
 * crash before the offset commit, or an outbox relay sending twice) finds its row and is skipped;
 * an action that fails rolls the mark back, so the retry runs it again. Rows are remembered for
 * {@code rc.inbox.horizon} ({@link ProcessedEventsPurge}); an event delivered again after that is
 * processed again.
 */
public class ProcessedEvents {

    private static final Logger log = LoggerFactory.getLogger(ProcessedEvents.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public ProcessedEvents(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /**
     * Runs {@code action} once per (consumer, event id).
     *
     * @return true when the action ran, false when the event had been processed before
     */
    public Mono<Boolean> processOnce(String consumer, ConsumerRecord<?, ?> record, EventEnvelope<?> envelope,
            Mono<?> action) {
        Mono<Boolean> once = db.sql("""
                INSERT INTO rc_processed_events (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)
                VALUES (:consumer, :eventId, :type, :topic, :partition, :offset)
                ON CONFLICT (consumer, event_id) DO NOTHING""")
                .bind("consumer", consumer)
                .bind("eventId", envelope.id())
                .bind("type", envelope.type())
                .bind("topic", record.topic())
                .bind("partition", record.partition())
                .bind("offset", record.offset())
                .fetch().rowsUpdated()
                .flatMap(inserted -> {
                    if (inserted == 0) {
                        log.info("skipping duplicate {} {} for {} (already processed)", envelope.type(), envelope.id(),
                                consumer);
                        return Mono.just(false);
                    }
                    return action.then(Mono.just(true));
                });
        return tx.transactional(once);
    }

    /** Whether this consumer has processed the event. */
    public Mono<Boolean> isProcessed(String consumer, String eventId) {
        return db.sql("SELECT 1 FROM rc_processed_events WHERE consumer = :consumer AND event_id = :eventId")
                .bind("consumer", consumer).bind("eventId", eventId)
                .map(row -> true).first().defaultIfEmpty(false);
    }
}
