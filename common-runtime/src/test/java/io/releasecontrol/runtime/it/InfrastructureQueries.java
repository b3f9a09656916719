package io.releasecontrol.runtime.it;

import java.time.OffsetDateTime;
import org.springframework.r2dbc.core.DatabaseClient;

/** Reads the test service's tables. */
final class InfrastructureQueries {

    private final DatabaseClient db;

    InfrastructureQueries(DatabaseClient db) {
        this.db = db;
    }

    long effects(String eventId) {
        return count("SELECT count(*) AS n FROM test_effects WHERE event_id = :id", eventId);
    }

    String effectNote(String eventId) {
        return db.sql("SELECT note FROM test_effects WHERE event_id = :id").bind("id", eventId)
                .map(row -> row.get("note", String.class)).one().block();
    }

    long pendingOutbox(String eventId) {
        return count("SELECT count(*) AS n FROM rc_outbox WHERE event_id = :id AND published_at IS NULL", eventId);
    }

    long outboxRows(String eventId) {
        return count("SELECT count(*) AS n FROM rc_outbox WHERE event_id = :id", eventId);
    }

    /** What the relay recorded on an outbox row. */
    record OutboxAttempt(int attempts, String lastError, OffsetDateTime lastAttemptAt, boolean published) {
    }

    OutboxAttempt outboxAttempt(String eventId) {
        return db.sql("SELECT attempts, last_error, last_attempt_at, published_at IS NOT NULL AS published"
                        + " FROM rc_outbox WHERE event_id = :id")
                .bind("id", eventId)
                .map(row -> new OutboxAttempt(row.get("attempts", Integer.class), row.get("last_error", String.class),
                        row.get("last_attempt_at", OffsetDateTime.class), Boolean.TRUE.equals(row.get("published", Boolean.class))))
                .one().block();
    }

    long processed(String eventId) {
        return count("SELECT count(*) AS n FROM rc_processed_events WHERE event_id = :id", eventId);
    }

    long state(String name) {
        return count("SELECT count(*) AS n FROM test_state WHERE name = :id", name);
    }

    private long count(String sql, String id) {
        Long n = db.sql(sql).bind("id", id).map(row -> row.get("n", Long.class)).one().block();
        return n == null ? 0 : n;
    }
}
