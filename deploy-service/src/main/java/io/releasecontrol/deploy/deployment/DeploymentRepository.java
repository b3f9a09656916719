package io.releasecontrol.deploy.deployment;

import io.r2dbc.spi.Readable;
import io.releasecontrol.deploy.strategy.CanaryPlan;
import io.releasecontrol.deploy.strategy.RoutingConfig;
import io.releasecontrol.events.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Deployments in PostgreSQL (schema {@code deploy_service}), through R2DBC. */
@Repository
public class DeploymentRepository {

    /** Name of the partial unique index that keeps one active deployment per target. */
    public static final String ONE_ACTIVE_PER_TARGET = "deployments_one_active_per_target";
    /**
     * SQL condition on a deployment row {@code d}: its pre-deployment checklist holds it back (like a
     * waiting approval gate, it keeps the deployment from being due or stale).
     */
    public static final String PRE_CHECKLIST_NOT_DONE = "EXISTS (SELECT 1 FROM checklist_items c"
            + " WHERE c.deployment_id = d.id AND c.phase = 'PRE' AND c.status IN ('OPEN', 'FAILED'))";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COLUMNS = "*";

    private final DatabaseClient db;

    public DeploymentRepository(DatabaseClient db) {
        this.db = db;
    }

    /** Next deployment number of the target; the row lock it takes lasts until the caller's commit. */
    public Mono<Long> nextSequence(String application, String environment) {
        return db.sql("""
                INSERT INTO deploy_targets (application, environment, last_sequence) VALUES (:app, :env, 1)
                ON CONFLICT (application, environment) DO UPDATE SET last_sequence = deploy_targets.last_sequence + 1
                RETURNING last_sequence""")
                .bind("app", application).bind("env", environment)
                .map(row -> row.get("last_sequence", Long.class)).one();
    }

    public Mono<Void> insert(Deployment d) {
        DeploymentSpec s = d.spec();
        var spec = db.sql("""
                INSERT INTO deployments (id, application, environment, version, strategy, executor, status, progress,
                    current_step, step_index, canary_steps, canary_pause, routing, stable_percent, new_percent,
                    requested_by, rollback_of, saga_id, request_id, sequence, skip_build, skip_migration, description,
                    branch, commit_sha, revert_migrations, hotfix, hotfix_reason, scheduled_at, created_at,
                    heartbeat_at)
                VALUES (:id, :app, :env, :version, :strategy, :executor, :status, 0, :step, 0, :canarySteps,
                    :canaryPause, :routing, 100, 0, :requestedBy, :rollbackOf, :sagaId, :requestId, :sequence,
                    :skipBuild, :skipMigration, :description, :branch, :commit, :revert, :hotfix, :hotfixReason, :scheduledAt, :createdAt,
                    :createdAt)""")
                .bind("id", s.id()).bind("app", s.application()).bind("env", s.environment())
                .bind("version", s.version()).bind("strategy", s.strategy().wire()).bind("executor", s.executor())
                .bind("status", d.status().name()).bind("step", d.state().currentStep())
                .bind("requestedBy", s.requestedBy()).bind("sequence", s.sequence())
                .bind("skipBuild", s.options().skipBuild()).bind("skipMigration", s.options().skipMigration())
                .bind("createdAt", s.createdAt()).bind("hotfix", s.options().hotfix());
        CanaryPlan canary = s.canary();
        spec = nullable(spec, "canarySteps", canary == null ? null
                : String.join(",", canary.steps().stream().map(String::valueOf).toList()), String.class);
        spec = nullable(spec, "canaryPause", canary == null || canary.pause() == null ? null
                : canary.pause().toString(), String.class);
        spec = nullable(spec, "routing", canary == null ? null : JSON.writeValueAsString(canary.routing()), String.class);
        spec = nullable(spec, "rollbackOf", s.rollbackOf(), UUID.class);
        spec = nullable(spec, "sagaId", s.sagaId(), UUID.class);
        spec = nullable(spec, "requestId", s.requestId(), String.class);
        spec = nullable(spec, "description", s.options().description(), String.class);
        spec = nullable(spec, "branch", s.options().branch(), String.class);
        spec = nullable(spec, "hotfixReason", s.options().hotfixReason(), String.class);
        spec = nullable(spec, "scheduledAt", s.options().scheduledAt(), Instant.class);
        spec = nullable(spec, "commit", s.options().commit(), String.class);
        spec = spec.bind("revert", String.join(",", s.options().revertMigrations()));
        return spec.then();
    }

    /** Writes the state part; the spec never changes. Also refreshes the runner heartbeat. */
    public Mono<Void> update(Deployment d) {
        DeploymentState s = d.state();
        var spec = db.sql("""
                UPDATE deployments SET status = :status, previous_version = :previous, progress = :progress,
                    current_step = :step, step_index = :stepIndex, stable_percent = :stable, new_percent = :newPercent,
                    new_colour = :colour, promoted = :promoted, failure_reason = :reason, exit_code = :exitCode,
                    started_at = :startedAt, completed_at = :completedAt, heartbeat_at = now()
                WHERE id = :id""")
                .bind("id", d.spec().id()).bind("status", s.status().name()).bind("progress", s.progress())
                .bind("stepIndex", s.stepIndex()).bind("stable", s.traffic().stablePercent())
                .bind("newPercent", s.traffic().newPercent()).bind("promoted", s.promoted());
        spec = nullable(spec, "previous", s.previousVersion(), String.class);
        spec = nullable(spec, "step", s.currentStep(), String.class);
        spec = nullable(spec, "colour", s.newColour(), String.class);
        spec = nullable(spec, "reason", s.failureReason(), String.class);
        spec = nullable(spec, "exitCode", s.exitCode(), Integer.class);
        spec = nullable(spec, "startedAt", s.startedAt(), Instant.class);
        spec = nullable(spec, "completedAt", s.completedAt(), Instant.class);
        return spec.then();
    }

    public Mono<Deployment> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM deployments WHERE id = :id").bind("id", id)
                .map(DeploymentRepository::toDeployment).one();
    }

    /** Reads and row-locks a deployment until the caller's transaction ends: transitions never interleave. */
    public Mono<Deployment> lockById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM deployments WHERE id = :id FOR UPDATE").bind("id", id)
                .map(DeploymentRepository::toDeployment).one();
    }

    public Mono<Deployment> findActive(String application, String environment) {
        return db.sql("SELECT " + COLUMNS + " FROM deployments WHERE application = :app AND environment = :env"
                        + " AND status IN ('PENDING', 'RUNNING', 'PAUSED')")
                .bind("app", application).bind("env", environment)
                .map(DeploymentRepository::toDeployment).one();
    }

    public Mono<Deployment> findByRequestId(String requestId) {
        return db.sql("SELECT " + COLUMNS + " FROM deployments WHERE request_id = :rid").bind("rid", requestId)
                .map(DeploymentRepository::toDeployment).one();
    }

    /** The last deployment of the target that succeeded: what runs there now. */
    public Mono<Deployment> lastSucceeded(String application, String environment) {
        return db.sql("SELECT " + COLUMNS + " FROM deployments WHERE application = :app AND environment = :env"
                        + " AND status = 'SUCCEEDED' ORDER BY sequence DESC LIMIT 1")
                .bind("app", application).bind("env", environment)
                .map(DeploymentRepository::toDeployment).one();
    }

    /** The target's last deployment that finished (succeeded, failed or was cancelled). */
    public Mono<Deployment> lastFinished(String application, String environment) {
        return db.sql("SELECT " + COLUMNS + " FROM deployments WHERE application = :app AND environment = :env"
                        + " AND status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') ORDER BY sequence DESC LIMIT 1")
                .bind("app", application).bind("env", environment)
                .map(DeploymentRepository::toDeployment).one();
    }

    /** The last deployment of this version to the target that succeeded. */
    public Mono<Deployment> lastSucceeded(String application, String environment, String version) {
        return db.sql("SELECT " + COLUMNS + " FROM deployments WHERE application = :app AND environment = :env"
                        + " AND version = :version AND status = 'SUCCEEDED' ORDER BY sequence DESC LIMIT 1")
                .bind("app", application).bind("env", environment).bind("version", version)
                .map(DeploymentRepository::toDeployment).one();
    }

    /** The deployments of the target after the one numbered {@code sequence}, oldest first. */
    public Flux<Deployment> after(String application, String environment, long sequence) {
        return db.sql("SELECT " + COLUMNS + " FROM deployments WHERE application = :app AND environment = :env"
                        + " AND sequence > :sequence ORDER BY sequence")
                .bind("app", application).bind("env", environment).bind("sequence", sequence)
                .map(DeploymentRepository::toDeployment).all();
    }

    /**
     * Claims up to {@code limit} PENDING deployments that are due and not waiting for approval: a
     * scheduled one whose time came and that no instance claimed yet (a claim moves the heartbeat
     * past the scheduled time), or whose claim is older than {@code lease}; any other one not
     * started within {@code lease} of its last heartbeat — approved, its checklist done, or created
     * and committed by an instance that died before it launched it (a command's StartDeployment:
     * without this it waited for the stuck-deployment reaper's 10 minutes). Rows another
     * instance is claiming are skipped, so each is handed to one instance. One whose pre-deployment
     * checklist is not done is not due; one whose checklist was completed is recovered like an approved one.
     */
    public Flux<UUID> claimDue(Duration lease, int limit) {
        return db.sql("""
                UPDATE deployments SET heartbeat_at = now() WHERE id IN (
                    SELECT id FROM deployments d WHERE status = 'PENDING'
                        AND NOT EXISTS (SELECT 1 FROM approval_gates g WHERE g.deployment_id = d.id
                            AND g.status = 'WAITING')
                        AND NOT %s
                        AND ((scheduled_at <= now() AND (heartbeat_at <= scheduled_at
                                OR heartbeat_at < now() - make_interval(secs => :lease)))
                            OR (scheduled_at IS NULL AND heartbeat_at < now() - make_interval(secs => :lease)))
                    ORDER BY coalesce(scheduled_at, created_at) LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING id""".formatted(PRE_CHECKLIST_NOT_DONE))
                .bind("lease", (double) lease.toMillis() / 1000).bind("limit", limit)
                .map(row -> row.get("id", UUID.class)).all();
    }

    /** The highest deployment number of the target. */
    public Mono<Long> latestSequence(String application, String environment) {
        return db.sql("SELECT max(sequence) AS s FROM deployments WHERE application = :app AND environment = :env")
                .bind("app", application).bind("env", environment)
                .map(row -> row.get("s", Long.class)).one();
    }

    /** Active deployments whose runner has not been heard of since {@code before} (not those awaiting approval or their checklist). */
    public Flux<Deployment> findStale(Instant before) {
        return db.sql("SELECT " + COLUMNS + " FROM deployments d WHERE status IN ('PENDING', 'RUNNING', 'PAUSED')"
                        + " AND heartbeat_at < :before AND NOT EXISTS (SELECT 1 FROM approval_gates g"
                        + " WHERE g.deployment_id = d.id AND g.status = 'WAITING')"
                        + " AND NOT " + PRE_CHECKLIST_NOT_DONE
                        // a scheduled one is not expected to be heard of before its time
                        + " AND (scheduled_at IS NULL OR scheduled_at < :before)")
                .bind("before", before).map(DeploymentRepository::toDeployment).all();
    }

    /** The lease of a deployment {@code owner} has just started: it runs it from now on. */
    public Mono<Void> takeLease(UUID id, String owner, Duration lease) {
        return db.sql("UPDATE deployments SET lease_owner = :owner, lease_until = now() + make_interval(secs => :lease)"
                        + " WHERE id = :id")
                .bind("id", id).bind("owner", owner).bind("lease", seconds(lease)).then();
    }

    /**
     * Renews the leases {@code owner} holds on the running or paused deployments among {@code ids}
     * (their heartbeat too), in one statement; emits those among them that another instance holds
     * now, with their owner: the runner here must stop.
     */
    public Flux<LeaseClaim> renewLeases(String owner, Collection<UUID> ids, Duration lease) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("""
                WITH renewed AS (UPDATE deployments SET lease_until = now() + make_interval(secs => :lease),
                        heartbeat_at = now()
                    WHERE id = ANY(:ids) AND lease_owner = :owner AND status IN ('RUNNING', 'PAUSED') RETURNING id)
                SELECT id, lease_owner FROM deployments WHERE id = ANY(:ids) AND lease_owner <> :owner""")
                .bind("ids", ids.toArray(UUID[]::new)).bind("owner", owner).bind("lease", seconds(lease))
                .map(row -> new LeaseClaim(row.get("id", UUID.class), row.get("lease_owner", String.class)))
                .all();
    }

    /**
     * Claims for {@code owner} up to {@code limit} running or paused deployments whose lease has
     * passed (one that has none yet: whose heartbeat is older than a lease), and with
     * {@code ownOrphans} also those {@code owner} itself held before it restarted. One statement, rows
     * locked with {@code SKIP LOCKED} and re-checked under the lock: of two instances claiming at
     * once, each row goes to one. Emits each claimed deployment with the instance it was taken from.
     */
    public Flux<LeaseClaim> claimExpiredLeases(String owner, Duration lease, int limit, boolean ownOrphans) {
        return db.sql("""
                UPDATE deployments d SET lease_owner = :owner, lease_until = now() + make_interval(secs => :lease),
                    heartbeat_at = now()
                FROM (SELECT id, lease_owner FROM deployments
                    WHERE status IN ('RUNNING', 'PAUSED')
                        AND (coalesce(lease_until, heartbeat_at + make_interval(secs => :lease)) < now()
                            OR (:own AND lease_owner = :owner))
                    ORDER BY coalesce(lease_until, heartbeat_at) LIMIT :limit FOR UPDATE SKIP LOCKED) c
                WHERE d.id = c.id
                RETURNING d.id, c.lease_owner AS previous""")
                .bind("owner", owner).bind("lease", seconds(lease)).bind("limit", limit).bind("own", ownOrphans)
                .map(row -> new LeaseClaim(row.get("id", UUID.class), row.get("previous", String.class)))
                .all();
    }

    private static double seconds(Duration d) {
        return (double) d.toMillis() / 1000;
    }

    /** Marks the runner alive and reads the deployment, in one round trip. */
    public Mono<Deployment> heartbeat(UUID id) {
        return db.sql("UPDATE deployments SET heartbeat_at = now() WHERE id = :id RETURNING *").bind("id", id)
                .map(DeploymentRepository::toDeployment).one();
    }

    public Mono<DeploymentPage> search(DeploymentQuery q) {
        StringBuilder where = new StringBuilder(" WHERE true");
        if (q.application() != null) {
            where.append(" AND application = :app");
        }
        if (q.environment() != null) {
            where.append(" AND environment = :env");
        }
        if (q.status() != null) {
            where.append(" AND status = :status");
        }
        if (q.from() != null) {
            where.append(" AND created_at >= :from");
        }
        if (q.to() != null) {
            where.append(" AND created_at < :to");
        }
        var items = bindQuery(db.sql("SELECT " + COLUMNS + " FROM deployments" + where
                + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset"), q)
                .bind("limit", q.size()).bind("offset", (long) q.page() * q.size())
                .map(DeploymentRepository::toDeployment).all().collectList();
        var total = bindQuery(db.sql("SELECT count(*) AS n FROM deployments" + where), q)
                .map(row -> row.get("n", Long.class)).one();
        return Mono.zip(items, total, (list, n) -> new DeploymentPage(list, q.page(), q.size(), n));
    }

    private static GenericExecuteSpec bindQuery(GenericExecuteSpec spec, DeploymentQuery q) {
        if (q.application() != null) {
            spec = spec.bind("app", q.application());
        }
        if (q.environment() != null) {
            spec = spec.bind("env", q.environment());
        }
        if (q.status() != null) {
            spec = spec.bind("status", q.status().name());
        }
        if (q.from() != null) {
            spec = spec.bind("from", q.from());
        }
        if (q.to() != null) {
            spec = spec.bind("to", q.to());
        }
        return spec;
    }

    private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    static Deployment toDeployment(Readable row) {
        Strategy strategy = Strategy.fromWire(row.get("strategy", String.class));
        CanaryPlan canary = null;
        String steps = row.get("canary_steps", String.class);
        if (steps != null) {
            String pause = row.get("canary_pause", String.class);
            String routing = row.get("routing", String.class);
            canary = new CanaryPlan(Arrays.stream(steps.split(",")).map(Integer::valueOf).toList(),
                    pause == null ? null : Duration.parse(pause),
                    routing == null ? null : JSON.readValue(routing, RoutingConfig.class));
        }
        var spec = new DeploymentSpec(row.get("id", UUID.class), row.get("application", String.class),
                row.get("environment", String.class), row.get("version", String.class), strategy,
                row.get("executor", String.class), canary, row.get("requested_by", String.class),
                row.get("rollback_of", UUID.class), row.get("saga_id", UUID.class),
                row.get("request_id", String.class), row.get("sequence", Long.class),
                new DeploymentOptions(Boolean.TRUE.equals(row.get("skip_build", Boolean.class)),
                        Boolean.TRUE.equals(row.get("skip_migration", Boolean.class)),
                        row.get("description", String.class), row.get("branch", String.class),
                        row.get("commit_sha", String.class), revertMigrations(row.get("revert_migrations", String.class)),
                        Boolean.TRUE.equals(row.get("hotfix", Boolean.class)), row.get("hotfix_reason", String.class),
                        row.get("scheduled_at", Instant.class)),
                row.get("created_at", Instant.class));
        var state = new DeploymentState(DeploymentStatus.valueOf(row.get("status", String.class)),
                row.get("previous_version", String.class), row.get("progress", Integer.class),
                row.get("current_step", String.class), row.get("step_index", Integer.class),
                new Traffic(row.get("stable_percent", Integer.class), row.get("new_percent", Integer.class)),
                row.get("new_colour", String.class), Boolean.TRUE.equals(row.get("promoted", Boolean.class)),
                row.get("failure_reason", String.class), row.get("exit_code", Integer.class),
                row.get("started_at", Instant.class), row.get("completed_at", Instant.class));
        return new Deployment(spec, state);
    }

    private static List<String> revertMigrations(String csv) {
        return csv == null || csv.isBlank() ? List.of() : List.of(csv.split(","));
    }

    /** Filters and page of the history. */
    public record DeploymentQuery(String application, String environment, DeploymentStatus status, Instant from,
            Instant to, int page, int size) {
    }

    /** One page of the history. */
    public record DeploymentPage(List<Deployment> items, int page, int size, long total) {
    }
}
