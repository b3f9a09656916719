package io.releasecontrol.version.environment;

import static io.releasecontrol.version.environment.UpgradeLogRepository.bind;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

@Repository
class EnvironmentStateRepository {

    private final DatabaseClient db;

    EnvironmentStateRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * The target's state, row-locked until the transaction ends, so a deployment event, a sample and
     * a manual change of one target never interleave. Call inside a transaction.
     */
    Mono<EnvironmentState> lock(String app, String env) {
        return db.sql("INSERT INTO environment_state (application, environment) VALUES (:app, :env) ON CONFLICT DO NOTHING")
                .bind("app", app).bind("env", env).then()
                .then(db.sql("SELECT * FROM environment_state WHERE application = :app AND environment = :env FOR UPDATE")
                        .bind("app", app).bind("env", env).map(EnvironmentStateRepository::row).first());
    }

    Mono<EnvironmentState> find(String app, String env) {
        return db.sql("SELECT * FROM environment_state WHERE application = :app AND environment = :env")
                .bind("app", app).bind("env", env).map(EnvironmentStateRepository::row).first()
                .defaultIfEmpty(EnvironmentState.empty(app, env));
    }

    Mono<Void> save(EnvironmentState s) {
        var spec = db.sql("""
                UPDATE environment_state SET current_version = :current, current_sequence = :currentSequence,
                  current_deployment_id = :deploymentId, current_since = :since, observed_version = :observed,
                  observed_by = :observedBy, observed_sequence = :observedSequence, observed_at = :observedAt,
                  drift_reported = :drift
                WHERE application = :app AND environment = :env""")
                .bind("app", s.application()).bind("env", s.environment());
        spec = bind(spec, "current", s.currentVersion(), String.class);
        spec = bind(spec, "currentSequence", s.currentSequence(), Long.class);
        spec = bind(spec, "deploymentId", s.currentDeploymentId(), String.class);
        spec = bind(spec, "since", s.currentSince(), Instant.class);
        spec = bind(spec, "observed", s.observedVersion(), String.class);
        spec = bind(spec, "observedBy", s.observedBy(), String.class);
        spec = bind(spec, "observedSequence", s.observedSequence(), Long.class);
        spec = bind(spec, "observedAt", s.observedAt(), Instant.class);
        spec = bind(spec, "drift", s.driftReported(), String.class);
        return spec.then();
    }

    Mono<Void> markBad(String app, String env, String version, String reason) {
        return db.sql("""
                INSERT INTO bad_versions (application, environment, version, reason) VALUES (:app, :env, :version, :reason)
                ON CONFLICT DO NOTHING""")
                .bind("app", app).bind("env", env).bind("version", version).bind("reason", reason).then();
    }

    Mono<java.util.List<String>> badVersions(String app, String env) {
        return db.sql("SELECT version FROM bad_versions WHERE application = :app AND environment = :env ORDER BY marked_at")
                .bind("app", app).bind("env", env).map(r -> r.get("version", String.class)).all().collectList();
    }

    Mono<Void> recordRequest(String deploymentId, String app, String env, String version, String requestedBy,
            String rollbackOf, Long sequence) {
        var spec = db.sql("""
                INSERT INTO deployment_requests (deployment_id, application, environment, version, requested_by, rollback_of, sequence)
                VALUES (:id, :app, :env, :version, :by, :rollbackOf, :sequence) ON CONFLICT DO NOTHING""")
                .bind("id", deploymentId).bind("app", app).bind("env", env);
        spec = bind(spec, "version", version, String.class);
        spec = bind(spec, "by", requestedBy, String.class);
        spec = bind(spec, "rollbackOf", rollbackOf, String.class);
        spec = bind(spec, "sequence", sequence, Long.class);
        return spec.then();
    }

    /** Who asked for a deployment and what it rolls back, as DeployRequested said (empty fields if never seen). */
    Mono<Request> request(String deploymentId) {
        return db.sql("SELECT requested_by, rollback_of FROM deployment_requests WHERE deployment_id = :id")
                .bind("id", deploymentId)
                .map(r -> new Request(r.get("requested_by", String.class), r.get("rollback_of", String.class))).first()
                .defaultIfEmpty(new Request(null, null));
    }

    record Request(String requestedBy, String rollbackOf) {
    }

    /** A cancelled deployment has no outcome and is no longer in flight; its version is kept for a rollback of it. */
    Mono<Void> cancelled(String deploymentId, Instant at) {
        return db.sql("UPDATE deployment_requests SET cancelled_at = :at WHERE deployment_id = :id AND cancelled_at IS NULL")
                .bind("at", at).bind("id", deploymentId).then();
    }

    /** What a deployment that never reached the upgrade log deployed, as DeployRequested said, and when it was cancelled. */
    Mono<Unfinished> unfinished(String deploymentId) {
        return db.sql("""
                SELECT version, requested_by, cancelled_at FROM deployment_requests
                WHERE deployment_id = :id AND version IS NOT NULL""")
                .bind("id", deploymentId)
                .map(r -> new Unfinished(r.get("version", String.class), r.get("requested_by", String.class),
                        r.get("cancelled_at", Instant.class)))
                .first();
    }

    record Unfinished(String version, String requestedBy, Instant cancelledAt) {
    }

    /** A deployment of this target has been requested and has no outcome yet. */
    Mono<Boolean> deploymentInFlight(String app, String env) {
        return db.sql("""
                SELECT 1 FROM deployment_requests d WHERE d.application = :app AND d.environment = :env
                  AND d.cancelled_at IS NULL AND NOT EXISTS (SELECT 1 FROM upgrade_log u WHERE u.deployment_id = d.deployment_id) LIMIT 1""")
                .bind("app", app).bind("env", env).map(r -> true).first().defaultIfEmpty(false);
    }

    private static EnvironmentState row(Readable r) {
        return new EnvironmentState(r.get("application", String.class), r.get("environment", String.class),
                r.get("current_version", String.class), r.get("current_sequence", Long.class),
                r.get("current_deployment_id", String.class), r.get("current_since", Instant.class),
                r.get("observed_version", String.class), r.get("observed_by", String.class),
                r.get("observed_sequence", Long.class), r.get("observed_at", Instant.class),
                r.get("drift_reported", String.class));
    }
}
