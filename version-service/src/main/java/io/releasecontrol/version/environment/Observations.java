package io.releasecontrol.version.environment;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.runtime.outbox.Outbox;
import io.releasecontrol.version.VersionEvents;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The version a metric sample says is running, as an observation for drift. A sample only counts
 * when it is about a known target, is newer than what was last observed and than the current
 * declaration, and no deployment of that target is in flight (a canary legitimately runs two
 * versions). Setting the observation is idempotent, so samples need no processed-events row;
 * nothing is written while the observation does not change.
 */
@Service
class Observations {

    private static final Logger log = LoggerFactory.getLogger(Observations.class);
    static final String BY_METRICS = "metrics";

    private final EnvironmentStateRepository states;
    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    Observations(EnvironmentStateRepository states, DatabaseClient db, Outbox outbox, TransactionalOperator tx) {
        this.states = states;
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
    }

    /**
     * What drift detection knows of a target once a sample was taken into account: whether it is a
     * known target and the version observed running in it (null: none yet). A later sample of that
     * version changes nothing; {@link MetricSampleListener} uses this to skip the database for it.
     */
    record Seen(boolean known, String observedVersion) {
        static final Seen UNKNOWN = new Seen(false, null);
    }

    Mono<Seen> sample(EventEnvelope<?> envelope, MetricSampleRecorded s) {
        if (s.version() == null || s.version().isBlank()) {
            return Mono.empty();
        }
        Instant time = s.time() != null ? s.time() : envelope.time();
        Mono<Seen> work = known(s.application(), s.environment()).flatMap(known -> !known ? Mono.just(Seen.UNKNOWN)
                : states.find(s.application(), s.environment()).flatMap(state -> {
                    Seen unchanged = new Seen(true, state.observedVersion());
                    if (!relevant(state, s.version(), time)) {
                        return Mono.just(unchanged);
                    }
                    return states.deploymentInFlight(s.application(), s.environment()).flatMap(inFlight -> inFlight
                            ? Mono.just(unchanged)
                            : states.lock(s.application(), s.environment()).flatMap(locked -> {
                                if (!relevant(locked, s.version(), time)) {
                                    return Mono.just(new Seen(true, locked.observedVersion()));
                                }
                                DriftCheck.Outcome drift = DriftCheck.apply(locked.observed(s.version(), BY_METRICS, time),
                                        Instant.now());
                                log.info("{}:{} observed version from {} -> {} (metrics, instance {})", s.application(),
                                        s.environment(), locked.observedVersion(), s.version(), s.instance());
                                return states.save(drift.state()).then(Mono.justOrEmpty(drift.event())
                                        .flatMap(d -> outbox.append(VersionEvents.causedBy(envelope, d))))
                                        .thenReturn(new Seen(true, s.version()));
                            }));
                }).defaultIfEmpty(Seen.UNKNOWN));
        return tx.transactional(work);
    }

    /** Changes the observation: a different version, seen after the last observation and the current declaration. */
    private static boolean relevant(EnvironmentState state, String version, Instant time) {
        if (state.currentVersion() == null || version.equals(state.observedVersion())) {
            return false;
        }
        boolean afterObservation = state.observedAt() == null || time.isAfter(state.observedAt());
        boolean afterDeclaration = state.currentSince() == null || time.isAfter(state.currentSince());
        return afterObservation && afterDeclaration;
    }

    private Mono<Boolean> known(String app, String env) {
        return db.sql("SELECT 1 FROM environment_state WHERE application = :app AND environment = :env")
                .bind("app", app).bind("env", env).map(r -> true).first().defaultIfEmpty(false);
    }
}
