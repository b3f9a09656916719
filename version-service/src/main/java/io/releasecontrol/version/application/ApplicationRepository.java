package io.releasecontrol.version.application;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Repository
public class ApplicationRepository {

    private final DatabaseClient db;

    ApplicationRepository(DatabaseClient db) {
        this.db = db;
    }

    /** @return false when an application of that name exists already */
    Mono<Boolean> insert(String name, String description, String owner, List<String> environments, String createdBy) {
        var spec = db.sql("""
                INSERT INTO applications (name, description, owner, environments, created_by)
                VALUES (:name, :description, :owner, :environments, :createdBy) ON CONFLICT (name) DO NOTHING""")
                .bind("name", name).bind("environments", environments.toArray(String[]::new)).bind("createdBy", createdBy);
        spec = description == null ? spec.bindNull("description", String.class) : spec.bind("description", description);
        spec = owner == null ? spec.bindNull("owner", String.class) : spec.bind("owner", owner);
        return spec.fetch().rowsUpdated().map(n -> n > 0);
    }

    /**
     * Makes sure a target seen in a deployment event is known: the application is registered (by
     * the deployment) if it was not, and the environment is added to its list if missing.
     */
    public Mono<Void> ensureTarget(String application, String environment, List<String> defaults) {
        String[] environments = defaults.contains(environment) ? defaults.toArray(String[]::new)
                : concat(defaults, environment);
        return db.sql("""
                INSERT INTO applications (name, description, environments, created_by)
                VALUES (:name, 'registered from a deployment event', :environments, 'deploy-service')
                ON CONFLICT (name) DO UPDATE SET environments = array_append(applications.environments, :environment)
                WHERE NOT (:environment = ANY (applications.environments))""")
                .bind("name", application).bind("environments", environments).bind("environment", environment)
                .then();
    }

    private static String[] concat(List<String> list, String extra) {
        String[] out = Arrays.copyOf(list.toArray(String[]::new), list.size() + 1);
        out[list.size()] = extra;
        return out;
    }

    /** Replaces description, owner and environments; the caller checked the application exists. */
    Mono<Void> update(String name, String description, String owner, List<String> environments) {
        var spec = db.sql("UPDATE applications SET description = :description, owner = :owner, environments = :environments"
                        + " WHERE name = :name")
                .bind("name", name).bind("environments", environments.toArray(String[]::new));
        spec = description == null ? spec.bindNull("description", String.class) : spec.bind("description", description);
        spec = owner == null ? spec.bindNull("owner", String.class) : spec.bind("owner", owner);
        return spec.then();
    }

    public Mono<Application> find(String name) {
        return db.sql("SELECT * FROM applications WHERE name = :name").bind("name", name)
                .map(ApplicationRepository::row).first()
                .flatMap(app -> currentVersions(List.of(name)).map(cur -> withCurrent(app, cur)));
    }

    Mono<Long> count() {
        return db.sql("SELECT count(*) AS n FROM applications").map(r -> r.get("n", Long.class)).first();
    }

    Flux<Application> page(int page, int size) {
        return db.sql("SELECT * FROM applications ORDER BY name LIMIT :limit OFFSET :offset")
                .bind("limit", size).bind("offset", (long) page * size)
                .map(ApplicationRepository::row).all()
                .collectList()
                .flatMapMany(apps -> currentVersions(apps.stream().map(Application::name).toList())
                        .flatMapMany(cur -> Flux.fromIterable(apps).map(a -> withCurrent(a, cur))));
    }

    /** Per application, its environments' current versions and, where they differ, the observed ones. */
    private record Running(Map<String, Map<String, String>> current, Map<String, Map<String, String>> drift) {
        static final Running NONE = new Running(Map.of(), Map.of());
    }

    private Mono<Running> currentVersions(List<String> names) {
        if (names.isEmpty()) {
            return Mono.just(Running.NONE);
        }
        return db.sql("""
                SELECT application, environment, current_version, observed_version FROM environment_state
                WHERE application = ANY (:names) AND current_version IS NOT NULL ORDER BY environment""")
                .bind("names", names.toArray(String[]::new))
                .map(r -> new String[] {r.get("application", String.class), r.get("environment", String.class),
                        r.get("current_version", String.class), r.get("observed_version", String.class)})
                .all()
                .collect(() -> new Running(new LinkedHashMap<>(), new LinkedHashMap<>()), (running, r) -> {
                    running.current().computeIfAbsent(r[0], k -> new LinkedHashMap<>()).put(r[1], r[2]);
                    if (r[3] != null && !r[3].equals(r[2])) {
                        running.drift().computeIfAbsent(r[0], k -> new LinkedHashMap<>()).put(r[1], r[3]);
                    }
                });
    }

    private static Application withCurrent(Application app, Running running) {
        return new Application(app.name(), app.description(), app.owner(), app.environments(),
                running.current().getOrDefault(app.name(), Map.of()), running.drift().getOrDefault(app.name(), Map.of()),
                app.createdAt(), app.createdBy());
    }

    private static Application row(Readable r) {
        return new Application(r.get("name", String.class), r.get("description", String.class), r.get("owner", String.class),
                List.of(r.get("environments", String[].class)), Map.of(), r.get("created_at", Instant.class),
                r.get("created_by", String.class));
    }
}
