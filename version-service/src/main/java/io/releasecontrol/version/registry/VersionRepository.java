package io.releasecontrol.version.registry;

import io.r2dbc.spi.Readable;
import io.releasecontrol.version.registry.Version.ChangeView;
import io.releasecontrol.version.registry.Version.Counts;
import io.releasecontrol.version.registry.Version.MigrationView;
import io.releasecontrol.version.registry.VersionRequests.ApiChange;
import io.releasecontrol.version.registry.VersionRequests.Change;
import io.releasecontrol.version.registry.VersionRequests.Dependency;
import io.releasecontrol.version.registry.VersionRequests.Migration;
import io.releasecontrol.version.semver.SemanticVersion;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Versions and what belongs to them. Ordering by semver precedence happens in Java, never in SQL text order. */
@Repository
public class VersionRepository {

    /** A version row with its derived flags and counts. */
    private static final String SUMMARY = """
            SELECT v.*,
              (SELECT count(*) FROM feature_changes c WHERE c.application = v.application AND c.version = v.version
                 AND c.change_type = 'feature') AS n_feature,
              (SELECT count(*) FROM feature_changes c WHERE c.application = v.application AND c.version = v.version
                 AND c.change_type = 'fix') AS n_fix,
              (SELECT count(*) FROM feature_changes c WHERE c.application = v.application AND c.version = v.version
                 AND c.change_type = 'improvement') AS n_improvement,
              (SELECT count(*) FROM feature_changes c WHERE c.application = v.application AND c.version = v.version
                 AND c.change_type = 'security') AS n_security,
              EXISTS (SELECT 1 FROM migrations m WHERE m.application = v.application AND m.version = v.version
                 AND NOT m.reversible) AS irreversible,
              (v.breaking
                 OR EXISTS (SELECT 1 FROM api_changes a WHERE a.application = v.application AND a.version = v.version
                    AND a.kind = 'removed')
                 OR EXISTS (SELECT 1 FROM feature_changes c WHERE c.application = v.application AND c.version = v.version
                    AND c.impact = 'breaking')) AS effective_breaking
            FROM versions v WHERE v.application = :app""";

    private final DatabaseClient db;

    VersionRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Every version of an application, newest first by semver precedence. */
    Mono<List<Version>> allNewestFirst(String app) {
        return db.sql(SUMMARY).bind("app", app).map(VersionRepository::summary).all()
                .collectSortedList((a, b) -> SemanticVersion.parse(b.version()).compareTo(SemanticVersion.parse(a.version())));
    }

    Mono<Version> find(String app, String version) {
        return db.sql(SUMMARY + " AND v.version = :version").bind("app", app).bind("version", version)
                .map(VersionRepository::summary).first();
    }

    /** The registered version with the same precedence (build metadata ignored), if any. */
    Mono<String> samePrecedence(String app, SemanticVersion version) {
        return db.sql("SELECT version FROM versions WHERE application = :app AND precedence_key = :key")
                .bind("app", app).bind("key", version.precedenceKey())
                .map(r -> r.get("version", String.class)).first();
    }

    Mono<Void> insert(String app, SemanticVersion v, VersionRequests.CreateVersion body, LocalDate releaseDate,
            Instant commitTime, Instant releasedAt, String createdBy) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO versions (application, version, precedence_key, major, minor, patch, pre_release, name,
                  release_date, git_tag, commit_sha, commit_time, image, breaking, released_at, created_by)
                VALUES (:app, :version, :key, :major, :minor, :patch, :pre, :name, :releaseDate, :gitTag, :commit,
                  :commitTime, :image, :breaking, :releasedAt, :createdBy)""")
                .bind("app", app).bind("version", v.toString()).bind("key", v.precedenceKey())
                .bind("major", v.major().longValueExact()).bind("minor", v.minor().longValueExact())
                .bind("patch", v.patch().longValueExact())
                .bind("breaking", Boolean.TRUE.equals(body.breaking())).bind("createdBy", createdBy);
        spec = bind(spec, "pre", v.isPreRelease() ? String.join(".", v.preRelease()) : null, String.class);
        spec = bind(spec, "name", body.name(), String.class);
        spec = bind(spec, "releaseDate", releaseDate, LocalDate.class);
        spec = bind(spec, "gitTag", body.gitTag(), String.class);
        spec = bind(spec, "commit", body.commit(), String.class);
        spec = bind(spec, "commitTime", commitTime, Instant.class);
        spec = bind(spec, "image", body.image(), String.class);
        spec = bind(spec, "releasedAt", releasedAt, Instant.class);
        return spec.then();
    }

    /** Marks a version released; false when it was released before. */
    Mono<Boolean> markReleased(String app, String version, Instant at) {
        return db.sql("UPDATE versions SET released_at = :at WHERE application = :app AND version = :version"
                        + " AND released_at IS NULL")
                .bind("at", at).bind("app", app).bind("version", version).fetch().rowsUpdated().map(n -> n > 0);
    }

    Mono<Long> insertChange(String app, String version, Change c) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO feature_changes (application, version, change_type, module, title, priority, impact, test_status)
                VALUES (:app, :version, :type, :module, :title, :priority, :impact, :testStatus) RETURNING id""")
                .bind("app", app).bind("version", version).bind("type", c.type()).bind("title", c.title())
                .bind("priority", c.priority()).bind("impact", c.impact());
        spec = bind(spec, "module", c.module(), String.class);
        spec = bind(spec, "testStatus", c.testStatus(), String.class);
        return spec.map(r -> r.get("id", Long.class)).first();
    }

    Mono<Void> insertMigration(String app, String version, Migration m, int position) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO migrations (application, version, migration_id, store, description, reversible, down_script, position)
                VALUES (:app, :version, :id, :store, :description, :reversible, :downScript, :position)""")
                .bind("app", app).bind("version", version).bind("id", m.id()).bind("store", m.store())
                .bind("reversible", m.reversible()).bind("position", position);
        spec = bind(spec, "description", m.description(), String.class);
        spec = bind(spec, "downScript", m.downScript(), String.class);
        return spec.then();
    }

    Mono<Void> insertDependency(String app, String version, Dependency d, int position) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO dependency_changes (application, version, name, from_version, to_version, reason, impact, position)
                VALUES (:app, :version, :name, :from, :to, :reason, :impact, :position)""")
                .bind("app", app).bind("version", version).bind("name", d.name()).bind("position", position);
        spec = bind(spec, "from", d.fromVersion(), String.class);
        spec = bind(spec, "to", d.toVersion(), String.class);
        spec = bind(spec, "reason", d.reason(), String.class);
        spec = bind(spec, "impact", d.impact(), String.class);
        return spec.then();
    }

    Mono<Void> insertApiChange(String app, String version, ApiChange a, int position) {
        GenericExecuteSpec spec = db.sql("""
                INSERT INTO api_changes (application, version, endpoint, kind, note, position)
                VALUES (:app, :version, :endpoint, :kind, :note, :position)""")
                .bind("app", app).bind("version", version).bind("endpoint", a.endpoint()).bind("kind", a.kind())
                .bind("position", position);
        return bind(spec, "note", a.note(), String.class).then();
    }

    Mono<Void> insertCompatibility(String app, String version, String dependency, String range) {
        return db.sql("""
                INSERT INTO compatibility_ranges (application, version, dependency, range_spec)
                VALUES (:app, :version, :dependency, :range)""")
                .bind("app", app).bind("version", version).bind("dependency", dependency).bind("range", range).then();
    }

    Mono<List<ChangeView>> changes(String app, String version) {
        return db.sql("SELECT * FROM feature_changes WHERE application = :app AND version = :version ORDER BY id")
                .bind("app", app).bind("version", version)
                .map(r -> new ChangeView(r.get("id", Long.class), r.get("change_type", String.class),
                        r.get("module", String.class), r.get("title", String.class), r.get("priority", String.class),
                        r.get("impact", String.class), r.get("test_status", String.class), r.get("created_at", Instant.class)))
                .all().collectList();
    }

    Flux<MigrationView> migrations(String app, String version) {
        return db.sql("SELECT * FROM migrations WHERE application = :app AND version = :version ORDER BY position")
                .bind("app", app).bind("version", version)
                .map(r -> new MigrationView(r.get("migration_id", String.class), r.get("store", String.class),
                        r.get("description", String.class), Boolean.TRUE.equals(r.get("reversible", Boolean.class)),
                        r.get("down_script", String.class)))
                .all();
    }

    Mono<List<Dependency>> dependencies(String app, String version) {
        return db.sql("SELECT * FROM dependency_changes WHERE application = :app AND version = :version ORDER BY position")
                .bind("app", app).bind("version", version)
                .map(r -> new Dependency(r.get("name", String.class), r.get("from_version", String.class),
                        r.get("to_version", String.class), r.get("reason", String.class), r.get("impact", String.class)))
                .all().collectList();
    }

    Flux<ApiChange> apiChanges(String app, String version) {
        return db.sql("SELECT * FROM api_changes WHERE application = :app AND version = :version ORDER BY position")
                .bind("app", app).bind("version", version)
                .map(r -> new ApiChange(r.get("endpoint", String.class), r.get("kind", String.class), r.get("note", String.class)))
                .all();
    }

    /** Titles of the version's changes with impact breaking. */
    Mono<List<String>> breakingChangeTitles(String app, String version) {
        return db.sql("SELECT title FROM feature_changes WHERE application = :app AND version = :version"
                        + " AND impact = 'breaking' ORDER BY id")
                .bind("app", app).bind("version", version).map(r -> r.get("title", String.class)).all().collectList();
    }

    /** version → (dependency → range), for one application. */
    Mono<Map<String, Map<String, String>>> compatibility(String app) {
        return db.sql("SELECT version, dependency, range_spec FROM compatibility_ranges WHERE application = :app"
                        + " ORDER BY dependency")
                .bind("app", app)
                .map(r -> new String[] {r.get("version", String.class), r.get("dependency", String.class),
                        r.get("range_spec", String.class)})
                .all()
                .collect(LinkedHashMap::new, (Map<String, Map<String, String>> m, String[] r) ->
                        m.computeIfAbsent(r[0], k -> new LinkedHashMap<>()).put(r[1], r[2]));
    }

    /** application:version → commit time of every version (of one application, or all) whose commit time is known. */
    public Mono<Map<String, Instant>> commitTimes(String app) {
        GenericExecuteSpec spec = db.sql("SELECT application, version, commit_time FROM versions WHERE commit_time IS NOT NULL"
                + " AND (CAST(:app AS TEXT) IS NULL OR application = :app)");
        return bind(spec, "app", app, String.class)
                .map(r -> Map.entry(r.get("application", String.class) + ":" + r.get("version", String.class),
                        r.get("commit_time", Instant.class)))
                .all().collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private static <T> GenericExecuteSpec bind(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static Version summary(Readable r) {
        Counts counts = new Counts(r.get("n_feature", Long.class), r.get("n_fix", Long.class),
                r.get("n_improvement", Long.class), r.get("n_security", Long.class));
        String version = r.get("version", String.class);
        Instant releasedAt = r.get("released_at", Instant.class);
        return new Version(r.get("application", String.class), version, r.get("name", String.class),
                r.get("release_date", LocalDate.class), r.get("git_tag", String.class), r.get("commit_sha", String.class),
                r.get("commit_time", Instant.class), r.get("image", String.class), r.get("pre_release", String.class) != null,
                Boolean.TRUE.equals(r.get("effective_breaking", Boolean.class)),
                Boolean.TRUE.equals(r.get("breaking", Boolean.class)), Boolean.TRUE.equals(r.get("irreversible", Boolean.class)),
                releasedAt != null, releasedAt, counts, null, null, null, null, null, null,
                r.get("created_at", Instant.class), r.get("created_by", String.class));
    }
}
