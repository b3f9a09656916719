package io.releasecontrol.runtime.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The outbox backlog as meters: {@code rc.outbox.pending} (rows not yet published) and
 * {@code rc.outbox.oldest.pending.age} (seconds the oldest of them has waited). A scrape reads the
 * last snapshot and never queries: the relay refreshes it after a round, at most every
 * {@link #REFRESH_EVERY}, with one query over the pending rows' partial index. Between refreshes
 * the age grows with the clock, so a relay that cannot reach its database shows an age that keeps
 * growing rather than one frozen at its last good reading.
 */
public class OutboxBacklog implements MeterBinder {

    /** The snapshot's resolution: well under any scrape interval, and one query per 5 s per instance under a backlog. */
    static final Duration REFRESH_EVERY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(OutboxBacklog.class);

    private final DatabaseClient db;
    private final Clock clock;
    private volatile Snapshot last = Snapshot.NONE;
    private volatile Instant nextRefresh = Instant.MIN;

    public OutboxBacklog(DatabaseClient db) {
        this(db, Clock.systemUTC());
    }

    OutboxBacklog(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Reads the backlog now; the age is the database's own (its clock stamped the rows). */
    public Mono<Snapshot> refresh() {
        return db.sql("""
                SELECT count(*) AS pending,
                    CAST(EXTRACT(EPOCH FROM now() - min(created_at)) AS double precision) AS oldest_age
                FROM rc_outbox WHERE published_at IS NULL""")
                .map(row -> Snapshot.of(row.get("pending", Long.class), row.get("oldest_age", Double.class),
                        clock.instant()))
                .one()
                .doOnNext(s -> last = s);
    }

    /** Refreshes when the last refresh is {@link #REFRESH_EVERY} old; a failure keeps the last snapshot. */
    Mono<Void> refreshIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextRefresh)) {
            return Mono.empty();
        }
        nextRefresh = now.plus(REFRESH_EVERY);
        return refresh().onErrorResume(e -> {
            log.debug("outbox backlog not refreshed, keeping the last snapshot: {}", e.toString());
            return Mono.empty();
        }).then();
    }

    public long pending() {
        return last.pending();
    }

    public Duration oldestPendingAge() {
        return last.oldestAgeAt(clock.instant());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("rc.outbox.pending", this, OutboxBacklog::pending)
                .description("outbox rows committed but not yet published to Kafka")
                .register(registry);
        TimeGauge.builder("rc.outbox.oldest.pending.age", this, TimeUnit.MILLISECONDS,
                        b -> b.oldestPendingAge().toMillis())
                .description("how long the oldest unpublished outbox row has waited; 0 when none waits")
                .register(registry);
    }

    /**
     * The backlog as read at {@code takenAt}.
     *
     * @param pending   unpublished rows
     * @param oldestAge how long the oldest of them had waited then (zero when none)
     * @param takenAt   when it was read, by this instance's clock
     */
    public record Snapshot(long pending, Duration oldestAge, Instant takenAt) {

        static final Snapshot NONE = new Snapshot(0, Duration.ZERO, Instant.EPOCH);

        static Snapshot of(Long pending, Double oldestAgeSeconds, Instant takenAt) {
            long n = pending == null ? 0 : pending;
            // an empty backlog has no oldest row; a negative age would be clock noise
            Duration age = n == 0 || oldestAgeSeconds == null || oldestAgeSeconds < 0 ? Duration.ZERO
                    : Duration.ofMillis(Math.round(oldestAgeSeconds * 1000));
            return new Snapshot(n, age, takenAt);
        }

        /** The oldest row's age at {@code now}: it has kept waiting since the snapshot, as far as anyone knows. */
        public Duration oldestAgeAt(Instant now) {
            if (pending == 0) {
                return Duration.ZERO;
            }
            Duration since = Duration.between(takenAt, now);
            return oldestAge.plus(since.isNegative() ? Duration.ZERO : since);
        }
    }
}
