package io.releasecontrol.runtime.inbox;

import io.releasecontrol.runtime.jobs.PeriodicJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * Forgets processed events past {@code rc.inbox.horizon}: deletes their {@code rc_processed_events}
 * rows every {@code rc.inbox.purge-every} (jittered) in batches of {@code rc.inbox.purge-batch-size},
 * each batch one statement and its own transaction, so no lock is held for long and consumers
 * keep inserting meanwhile. Instances running it at the same time skip each other's rows.
 */
public class ProcessedEventsPurge extends PeriodicJob {

    /** Each wait is ±10% of its nominal length: instances started together (a rollout) spread out. */
    static final double JITTER = 0.1;
    /** The first round waits for the service to settle after its start. */
    static final Duration FIRST_AFTER = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(ProcessedEventsPurge.class);

    private final DatabaseClient db;
    private final InboxProperties props;
    private final Clock clock;

    public ProcessedEventsPurge(DatabaseClient db, InboxProperties props) {
        this(db, props, Clock.systemUTC());
    }

    ProcessedEventsPurge(DatabaseClient db, InboxProperties props, Clock clock) {
        super(Schedule.every("inbox purge", FIRST_AFTER, props.purgeEvery()).jittered(JITTER));
        this.db = db;
        this.props = props;
        this.clock = clock;
    }

    @Override
    protected Mono<Long> round() {
        return purge();
    }

    /** One round: deletes every row past the horizon, batch after batch; emits how many. */
    public Mono<Long> purge() {
        return Mono.defer(() -> {
            Instant before = clock.instant().minus(props.horizon());
            return purgeBatch(before)
                    .expand(n -> n >= props.purgeBatchSize() ? purgeBatch(before) : Mono.empty())
                    .reduce(0L, Long::sum)
                    .doOnNext(n -> log.info("inbox purge: deleted {} processed-event row(s) older than {} (before {})",
                            n, props.horizon(), before));
        });
    }

    /**
     * One batch. ORDER BY keeps the plan on the {@code processed_at} index, oldest first: without it
     * the planner may scan the table, and the last, short batch of a round would then read all of it.
     */
    private Mono<Long> purgeBatch(Instant before) {
        return db.sql("""
                DELETE FROM rc_processed_events WHERE (consumer, event_id) IN (
                    SELECT consumer, event_id FROM rc_processed_events WHERE processed_at < :before
                    ORDER BY processed_at LIMIT :limit FOR UPDATE SKIP LOCKED)""")
                .bind("before", before)
                .bind("limit", props.purgeBatchSize())
                .fetch().rowsUpdated();
    }

    /** Stop before the connection pool shuts down. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }
}
