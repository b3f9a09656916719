package io.releasecontrol.version.environment;

import io.r2dbc.spi.Readable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
public class UpgradeLogRepository {

    private final DatabaseClient db;

    UpgradeLogRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A new outcome; false when this deployment's outcome is recorded already (a duplicate event). */
    Mono<Boolean> append(String app, String env, String from, String to, String status, String kind, Instant at,
            Duration duration, String operator, String error, String reason, String deploymentId, Long sequence,
            String rollbackOf) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO upgrade_log (application, environment, from_version, to_version, status, kind, at, duration_ms,
                  operator, error, reason, deployment_id, sequence, rollback_of)
                VALUES (:app, :env, :from, :to, :status, :kind, :at, :durationMs, :operator, :error, :reason, :deploymentId,
                  :sequence, :rollbackOf)
                ON CONFLICT (deployment_id) WHERE deployment_id IS NOT NULL DO NOTHING""")
                .bind("app", app).bind("env", env).bind("to", to).bind("status", status).bind("kind", kind).bind("at", at);
        spec = bind(spec, "from", from, String.class);
        spec = bind(spec, "durationMs", duration == null ? null : duration.toMillis(), Long.class);
        spec = bind(spec, "operator", operator, String.class);
        spec = bind(spec, "error", error, String.class);
        spec = bind(spec, "reason", reason, String.class);
        spec = bind(spec, "deploymentId", deploymentId, String.class);
        spec = bind(spec, "sequence", sequence, Long.class);
        spec = bind(spec, "rollbackOf", rollbackOf, String.class);
        return spec.fetch().rowsUpdated().map(n -> n > 0);
    }

    Mono<UpgradeEntry> byDeployment(String deploymentId) {
        return db.sql("SELECT * FROM upgrade_log WHERE deployment_id = :id").bind("id", deploymentId)
                .map(UpgradeLogRepository::row).first();
    }

    /** The successful rollback of this deployment, if one was recorded. */
    Mono<UpgradeEntry> rollbackOf(String deploymentId) {
        return db.sql("SELECT * FROM upgrade_log WHERE rollback_of = :id AND status = 'success' ORDER BY id LIMIT 1")
                .bind("id", deploymentId).map(UpgradeLogRepository::row).first();
    }

    /** The deployment's success becomes rolled_back: the rollback replaced it. */
    Mono<Boolean> markRolledBack(long id, Instant at, String byDeployment) {
        return db.sql("UPDATE upgrade_log SET status = 'rolled_back', rolled_back_at = :at, rolled_back_by = :by"
                        + " WHERE id = :id AND status = 'success'")
                .bind("at", at).bind("by", byDeployment).bind("id", id).fetch().rowsUpdated().map(n -> n > 0);
    }

    /** Who rolled back an entry that was written as rolled_back. */
    Mono<Void> markRolledBackBy(long id, Instant at, String byDeployment) {
        return db.sql("UPDATE upgrade_log SET rolled_back_at = :at, rolled_back_by = :by WHERE id = :id AND rolled_back_by IS NULL")
                .bind("at", at).bind("by", byDeployment).bind("id", id).then();
    }

    /** Whether a deployment of this version ever succeeded in this environment (later rolled back counts too). */
    Mono<Boolean> everDeployed(String app, String env, String version) {
        return db.sql("""
                SELECT 1 FROM upgrade_log WHERE application = :app AND environment = :env AND to_version = :version
                  AND kind <> 'manual' AND status IN ('success', 'rolled_back') LIMIT 1""")
                .bind("app", app).bind("env", env).bind("version", version).map(r -> true).first().defaultIfEmpty(false);
    }

    /**
     * Versions deployed successfully there that are not marked bad, the most recent deployment first:
     * the first is the last good version.
     */
    Flux<String> goodVersionsNewestFirst(String app, String env) {
        return db.sql("""
                SELECT u.to_version FROM upgrade_log u
                WHERE u.application = :app AND u.environment = :env AND u.status = 'success' AND u.kind <> 'manual'
                  AND NOT EXISTS (SELECT 1 FROM bad_versions b WHERE b.application = u.application
                    AND b.environment = u.environment AND b.version = u.to_version)
                ORDER BY u.sequence DESC NULLS LAST, u.at DESC, u.id DESC""")
                .bind("app", app).bind("env", env).map(r -> r.get("to_version", String.class)).all().distinct();
    }

    public Flux<UpgradeEntry> forVersion(String app, String version) {
        return db.sql("SELECT * FROM upgrade_log WHERE application = :app AND to_version = :version ORDER BY at DESC, id DESC")
                .bind("app", app).bind("version", version).map(UpgradeLogRepository::row).all();
    }

    Mono<Long> count(String app, String env, String status) {
        return filtered("SELECT count(*) AS n FROM upgrade_log", app, env, status, "")
                .map(r -> r.get("n", Long.class)).first();
    }

    Flux<UpgradeEntry> page(String app, String env, String status, int page, int size) {
        return filtered("SELECT * FROM upgrade_log", app, env, status,
                " ORDER BY at DESC, id DESC LIMIT " + size + " OFFSET " + ((long) page * size))
                .map(UpgradeLogRepository::row).all();
    }

    /** Entries of every target (or one application/environment) completed in [from, to), oldest first. */
    public Flux<UpgradeEntry> between(String app, String env, Instant from, Instant to) {
        GenericExecuteSpec spec = db.sql("""
                SELECT * FROM upgrade_log WHERE at >= :from AND at < :to
                  AND (CAST(:app AS TEXT) IS NULL OR application = :app) AND (CAST(:env AS TEXT) IS NULL OR environment = :env)
                ORDER BY application, environment, at, id""").bind("from", from).bind("to", to);
        spec = bind(spec, "app", app, String.class);
        spec = bind(spec, "env", env, String.class);
        return spec.map(UpgradeLogRepository::row).all();
    }

    private GenericExecuteSpec filtered(String select, String app, String env, String status, String tail) {
        GenericExecuteSpec spec = db.sql(select + " " + """
                WHERE application = :app AND (CAST(:env AS TEXT) IS NULL OR environment = :env)
                  AND (CAST(:status AS TEXT) IS NULL OR status = :status)""" + tail).bind("app", app);
        spec = bind(spec, "env", env, String.class);
        return bind(spec, "status", status, String.class);
    }

    static <T> GenericExecuteSpec bind(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    static UpgradeEntry row(Readable r) {
        Long ms = r.get("duration_ms", Long.class);
        return new UpgradeEntry(r.get("id", Long.class), r.get("application", String.class), r.get("environment", String.class),
                r.get("from_version", String.class), r.get("to_version", String.class), r.get("status", String.class),
                r.get("kind", String.class), r.get("at", Instant.class), ms == null ? null : Duration.ofMillis(ms).toString(),
                r.get("operator", String.class), r.get("error", String.class), r.get("reason", String.class),
                r.get("deployment_id", String.class), r.get("sequence", Long.class), r.get("rollback_of", String.class),
                r.get("rolled_back_at", Instant.class), r.get("rolled_back_by", String.class));
    }

    /** For tests and the environment view: the latest entries of one target. */
    Mono<List<UpgradeEntry>> latest(String app, String env, int limit) {
        return page(app, env, null, 0, limit).collectList();
    }
}
