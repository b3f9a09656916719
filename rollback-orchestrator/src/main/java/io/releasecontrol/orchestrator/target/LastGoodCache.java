package io.releasecontrol.orchestrator.target;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The local answer to "where would a rollback go?", built from the events this service consumes
 * (successful deployments, current-version changes, version facts): the fallback when
 * version-service cannot answer. Its notion of "between" is the order in which versions were
 * registered, not semver; good enough to ask for approval, which is the safe side.
 */
@Repository
public class LastGoodCache {

    public static final String SOURCE = "local-cache";

    private final DatabaseClient db;

    public LastGoodCache(DatabaseClient db) {
        this.db = db;
    }

    /** A version ran successfully in the environment. */
    public Mono<Void> good(String application, String environment, String version, Instant at) {
        return db.sql("""
                INSERT INTO good_versions (application, environment, version, succeeded_at) VALUES (:app, :env, :v, :at)
                ON CONFLICT (application, environment, version) DO UPDATE SET
                    succeeded_at = GREATEST(good_versions.succeeded_at, EXCLUDED.succeeded_at), bad = false""")
                .bind("app", application).bind("env", environment).bind("v", version).bind("at", at).then();
    }

    /** A version was rolled back from the environment: never a rollback target until it succeeds again. */
    public Mono<Void> bad(String application, String environment, String version, Instant at) {
        return db.sql("""
                INSERT INTO good_versions (application, environment, version, succeeded_at, bad)
                VALUES (:app, :env, :v, :at, true)
                ON CONFLICT (application, environment, version) DO UPDATE SET bad = true""")
                .bind("app", application).bind("env", environment).bind("v", version).bind("at", at).then();
    }

    public Mono<Void> facts(String application, String version, boolean breaking, boolean irreversibleMigration) {
        return db.sql("""
                INSERT INTO version_facts (application, version, breaking, irreversible_migration)
                VALUES (:app, :v, :breaking, :irreversible)
                ON CONFLICT (application, version) DO UPDATE SET breaking = EXCLUDED.breaking,
                    irreversible_migration = EXCLUDED.irreversible_migration""")
                .bind("app", application).bind("v", version).bind("breaking", breaking)
                .bind("irreversible", irreversibleMigration).then();
    }

    /**
     * The most recent good version other than {@code from}, and whether the way back crosses a
     * version with an irreversible migration or a breaking change.
     *
     * @param why why the cache answers (version-service down, ...), the first reason
     */
    public Mono<RollbackTarget> target(String application, String environment, String from, String why) {
        return db.sql("""
                SELECT version FROM good_versions WHERE application = :app AND environment = :env AND NOT bad
                    AND version <> :from ORDER BY succeeded_at DESC LIMIT 1""")
                .bind("app", application).bind("env", environment).bind("from", from == null ? "" : from)
                .map(row -> row.get("version", String.class)).one()
                .flatMap(to -> crossed(application, from, to).map(risks -> {
                    List<String> reasons = new ArrayList<>();
                    reasons.add(why + ": last good version " + to + " from the local cache");
                    reasons.addAll(risks);
                    return new RollbackTarget(to, !risks.isEmpty(), reasons, SOURCE);
                }))
                .switchIfEmpty(Mono.fromSupplier(() -> RollbackTarget.none(SOURCE, why + "; the local cache knows no"
                        + " good version of " + application + " in " + environment + " other than " + from)));
    }

    /** Risky versions registered after {@code to} up to {@code from} (only {@code from} when the order is unknown). */
    private Mono<List<String>> crossed(String application, String from, String to) {
        return db.sql("""
                SELECT f.version, f.breaking, f.irreversible_migration FROM version_facts f
                WHERE f.application = :app AND (f.breaking OR f.irreversible_migration)
                  AND f.seq <= COALESCE((SELECT seq FROM version_facts WHERE application = :app AND version = :from),
                                        -1)
                  AND (f.seq > COALESCE((SELECT seq FROM version_facts WHERE application = :app AND version = :to), -1)
                       OR NOT EXISTS (SELECT 1 FROM version_facts WHERE application = :app AND version = :to)
                          AND f.version = :from)
                ORDER BY f.seq DESC""")
                .bind("app", application).bind("from", from == null ? "" : from).bind("to", to)
                .map(row -> "rolling back across " + row.get("version", String.class) + ": "
                        + (Boolean.TRUE.equals(row.get("irreversible_migration", Boolean.class))
                                ? "irreversible migration" : "breaking change")
                        + (Boolean.TRUE.equals(row.get("irreversible_migration", Boolean.class))
                                && Boolean.TRUE.equals(row.get("breaking", Boolean.class)) ? " and breaking change" : ""))
                .all().collectList();
    }
}
