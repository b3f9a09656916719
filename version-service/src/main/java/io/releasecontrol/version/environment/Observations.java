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

    Mono<Void> sample(EventEnvelope<?> envelope, MetricSampleRecorded s) {
        if (s.version() == null || s.version().isBlank()) {
            return Mono.empty();
        }
        Instant time = s.time() != null ? s.time() : envelope.time();
        Mono<Void> work = known(s.application(), s.environment())
                .filter(known -> known)
                .flatMap(known -> states.find(s.application(), s.environment()))
                .filter(state -> relevant(state, s.version(), time))
                .flatMap(unlocked -> states.deploymentInFlight(s.application(), s.environment()))
                .filter(inFlight -> !inFlight)
                .flatMap(ok -> states.lock(s.application(), s.environment()))
                .filter(state -> relevant(state, s.version(), time))
                .flatMap(state -> {
                    DriftCheck.Outcome drift = DriftCheck.apply(state.observed(s.version(), BY_METRICS, time), Instant.now());
                    log.info("{}:{} observed version from {} -> {} (metrics, instance {})", s.application(),
                            s.environment(), state.observedVersion(), s.version(), s.instance());
                    return states.save(drift.state()).then(Mono.justOrEmpty(drift.event())
                            .flatMap(d -> outbox.append(VersionEvents.causedBy(envelope, d))));
                });
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
