package io.releasecontrol.orchestrator.saga;

import io.r2dbc.spi.Readable;
import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.SagaId;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.orchestrator.decision.Branch;
import io.releasecontrol.orchestrator.decision.Decision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Sagas and their step lists in PostgreSQL (schema {@code rollback_orchestrator}), through R2DBC. */
@Repository
public class SagaRepository {

    /** The partial unique index that keeps one active saga per target. */
    public static final String ONE_ACTIVE_PER_TARGET = "sagas_one_active_per_target";
    static final String ACTIVE = "status IN ('RUNNING', 'WAITING_APPROVAL', 'OBSERVING')";

    private final DatabaseClient db;

    public SagaRepository(DatabaseClient db) {
        this.db = db;
    }

    /** A notification row written with a new saga: dedup key (the event id) and webhook body. */
    record NewNotification(String key, String payload) {
    }

    /**
     * Inserts a new saga with its first step rows and notifications in one statement (one round
     * trip), unless the target already has an active saga.
     *
     * @return false when an active saga exists (the caller joins it instead); nothing was written
     */
    Mono<Boolean> insertNew(SagaState s, String triggerId, List<StepRecord> steps, List<NewNotification> notes) {
        List<Map<String, Object>> stepRows = new ArrayList<>();
        for (StepRecord r : steps) {
            Map<String, Object> row = new HashMap<>();
            row.put("name", r.name());
            row.put("attempt", r.attempt());
            row.put("status", r.status());
            row.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
            row.put("completedAt", r.completedAt() == null ? null : r.completedAt().toString());
            row.put("command", r.command());
            row.put("detail", r.detail());
            stepRows.add(row);
        }
        List<Map<String, Object>> noteRows = new ArrayList<>();
        notes.forEach(n -> noteRows.add(Map.of("key", n.key(), "payload", n.payload())));
        var spec = db.sql("""
                WITH ins AS (
                    INSERT INTO sagas (id, application, environment, status, cause, branch, decision, from_version,
                        target_version, deployment_id, deployment_active, rollback_deployment_id, step, attempt,
                        deadline, outcome, failure_reason, operator, requested_by, trigger_id, created_at,
                        completed_at, version)
                    SELECT :id, :app, :env, :status, :cause, :branch, :decision, :from, :to, :deployment, :active,
                        :rollbackDeployment, :step, :attempt, :deadline, :outcome, :failure, :operator, :requestedBy,
                        :triggerId, :createdAt, :completedAt, :version
                    WHERE NOT EXISTS (SELECT 1 FROM sagas a WHERE a.application = :app AND a.environment = :env
                        AND a.%s)
                    ON CONFLICT (application, environment) WHERE %s DO NOTHING
                    RETURNING id),
                steps AS (
                    INSERT INTO saga_steps (saga_id, name, attempt, status, started_at, completed_at, command, detail)
                    SELECT ins.id, e.j->>'name', (e.j->>'attempt')::int, e.j->>'status',
                        (e.j->>'startedAt')::timestamptz, (e.j->>'completedAt')::timestamptz, e.j->>'command',
                        e.j->>'detail'
                    FROM ins, jsonb_array_elements(CAST(:steps AS jsonb)) WITH ORDINALITY AS e(j, n) ORDER BY e.n),
                notes AS (
                    INSERT INTO notifications (dedup_key, saga_id, environment, payload)
                    SELECT e.j->>'key', ins.id, :env, e.j->>'payload'
                    FROM ins, jsonb_array_elements(CAST(:notes AS jsonb)) AS e(j)
                    ON CONFLICT (dedup_key) DO NOTHING)
                SELECT count(*) AS n FROM ins""".formatted(ACTIVE, ACTIVE))
                .bind("id", s.id().value()).bind("app", s.application()).bind("env", s.environment())
                .bind("cause", s.cause())
                .bind("decision", EventCodec.mapper().writeValueAsString(s.decision()))
                .bind("createdAt", s.createdAt())
                .bind("steps", EventCodec.mapper().writeValueAsString(stepRows))
                .bind("notes", EventCodec.mapper().writeValueAsString(noteRows));
        spec = nullable(spec, "requestedBy", s.operator(), String.class);
        spec = nullable(spec, "triggerId", triggerId, String.class);
        return state(spec, s).map(row -> row.get("n", Long.class) == 1L).one();
    }

    /** Writes the state part of a transition; the optimistic lock makes a lost update loud. */
    Mono<Void> update(SagaState before, SagaState after) {
        var spec = db.sql("""
                UPDATE sagas SET status = :status, branch = :branch, from_version = :from, target_version = :to,
                    deployment_id = :deployment, deployment_active = :active, rollback_deployment_id = :rollbackDeployment,
                    step = :step, attempt = :attempt, deadline = :deadline, outcome = :outcome,
                    failure_reason = :failure, operator = :operator, completed_at = :completedAt, version = :version,
                    updated_at = now()
                WHERE id = :id AND version = :expected""")
                .bind("id", after.id().value()).bind("expected", before.version());
        return state(spec, after).fetch().rowsUpdated().flatMap(n -> n == 1 ? Mono.<Void>empty()
                : Mono.error(new IllegalStateException("saga " + after.id() + " changed concurrently (version "
                        + before.version() + ")")));
    }

    private static GenericExecuteSpec state(GenericExecuteSpec spec, SagaState s) {
        spec = spec.bind("status", s.status().name()).bind("branch", s.branch().name())
                .bind("active", s.deploymentActive())
                .bind("attempt", s.attempt()).bind("version", s.version());
        spec = nullable(spec, "from", s.fromVersion(), String.class);
        spec = nullable(spec, "to", s.targetVersion(), String.class);
        spec = nullable(spec, "deployment", s.deploymentId() == null ? null : s.deploymentId().value(), UUID.class);
        spec = nullable(spec, "rollbackDeployment", s.rollbackDeploymentId() == null ? null
                : s.rollbackDeploymentId().value(), UUID.class);
        spec = nullable(spec, "step", s.stepName(), String.class);
        spec = nullable(spec, "deadline", s.deadline(), Instant.class);
        spec = nullable(spec, "outcome", s.outcome(), String.class);
        spec = nullable(spec, "failure", s.failureReason(), String.class);
        spec = nullable(spec, "operator", s.operator(), String.class);
        return nullable(spec, "completedAt", s.completedAt(), Instant.class);
    }

    /** Starts a step row, or ends the step's open row (inserting one when the start was never written). */
    Mono<Void> writeSteps(SagaId saga, List<StepRecord> steps) {
        return Flux.fromIterable(steps).concatMap(r -> {
            if ("RUNNING".equals(r.status()) || "RECORDED".equals(r.status())) {
                return insertStep(saga, r);
            }
            var spec = db.sql("""
                    UPDATE saga_steps SET status = :status, completed_at = :completedAt,
                        detail = COALESCE(:detail, detail)
                    WHERE id = (SELECT max(id) FROM saga_steps WHERE saga_id = :saga AND name = :name
                        AND attempt = :attempt AND status = 'RUNNING')""")
                    .bind("saga", saga.value()).bind("name", r.name()).bind("attempt", r.attempt())
                    .bind("status", r.status());
            spec = nullable(spec, "completedAt", r.completedAt(), Instant.class);
            spec = nullable(spec, "detail", r.detail(), String.class);
            return spec.fetch().rowsUpdated().flatMap(n -> n > 0 ? Mono.<Void>empty() : insertStep(saga, r));
        }).then();
    }

    private Mono<Void> insertStep(SagaId saga, StepRecord r) {
        var spec = db.sql("""
                INSERT INTO saga_steps (saga_id, name, attempt, status, started_at, completed_at, command, detail)
                VALUES (:saga, :name, :attempt, :status, :startedAt, :completedAt, :command, :detail)""")
                .bind("saga", saga.value()).bind("name", r.name())
                .bind("attempt", r.attempt()).bind("status", r.status());
        spec = nullable(spec, "startedAt", r.startedAt(), Instant.class);
        spec = nullable(spec, "completedAt", r.completedAt(), Instant.class);
        spec = nullable(spec, "command", r.command(), String.class);
        spec = nullable(spec, "detail", r.detail(), String.class);
        return spec.then();
    }

    /** Reads and row-locks a saga until the caller's transaction ends: transitions never interleave. */
    Mono<SagaState> lock(SagaId id) {
        return db.sql("SELECT * FROM sagas WHERE id = :id FOR UPDATE").bind("id", id.value())
                .map(SagaRepository::toState).one();
    }

    /** The target's active saga, row-locked. */
    Mono<SagaState> lockActive(String application, String environment) {
        return db.sql("SELECT * FROM sagas WHERE application = :app AND environment = :env AND " + ACTIVE
                        + " FOR UPDATE")
                .bind("app", application).bind("env", environment).map(SagaRepository::toState).one();
    }

    public Mono<SagaState> findActive(String application, String environment) {
        return db.sql("SELECT * FROM sagas WHERE application = :app AND environment = :env AND " + ACTIVE)
                .bind("app", application).bind("env", environment).map(SagaRepository::toState).one();
    }

    /** Ids of active sagas whose deadline has passed, soonest first. */
    Flux<SagaId> dueIds(Instant now, int limit) {
        return db.sql("SELECT id FROM sagas WHERE deadline <= :now AND " + ACTIVE + " ORDER BY deadline LIMIT :limit")
                .bind("now", now).bind("limit", limit).map(row -> new SagaId(row.get("id", UUID.class))).all();
    }

    /**
     * The saga, row-locked, if it is still due: another instance firing the same timer skips the
     * locked row (SKIP LOCKED) and, once this one committed, finds the deadline moved on.
     */
    Mono<SagaState> lockIfDue(SagaId id, Instant now) {
        return db.sql("SELECT * FROM sagas WHERE id = :id AND deadline <= :now AND " + ACTIVE
                        + " FOR UPDATE SKIP LOCKED")
                .bind("id", id.value()).bind("now", now).map(SagaRepository::toState).one();
    }

    public Mono<SagaView> find(SagaId id) {
        return db.sql("SELECT * FROM sagas WHERE id = :id").bind("id", id.value()).map(SagaRepository::toView).one()
                .flatMap(v -> steps(id).collectList().map(v::withSteps));
    }

    public Flux<StepRecord> steps(SagaId id) {
        return db.sql("SELECT * FROM saga_steps WHERE saga_id = :id ORDER BY id").bind("id", id.value())
                .map(row -> new StepRecord(StepRecord.stepNamed(row.get("name", String.class)),
                        row.get("attempt", Integer.class), row.get("status", String.class),
                        row.get("started_at", Instant.class), row.get("completed_at", Instant.class),
                        row.get("command", String.class), row.get("detail", String.class)))
                .all();
    }

    /** A page of sagas, newest first, each with its steps. */
    public Mono<SagaPage> search(SagaQuery q) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<String[]> binds = new ArrayList<>();
        if (q.application() != null) {
            where.append(" AND application = :app");
            binds.add(new String[] {"app", q.application()});
        }
        if (q.environment() != null) {
            where.append(" AND environment = :env");
            binds.add(new String[] {"env", q.environment()});
        }
        if (q.status() != null) {
            where.append(" AND status = :status");
            binds.add(new String[] {"status", q.status().name()});
        }
        if (q.cause() != null) {
            where.append(" AND cause = :cause");
            binds.add(new String[] {"cause", q.cause()});
        }
        var items = bind(db.sql("SELECT * FROM sagas" + where + " ORDER BY created_at DESC, id LIMIT :limit"
                        + " OFFSET :offset"), binds)
                .bind("limit", q.size()).bind("offset", (long) q.page() * q.size())
                .map(SagaRepository::toView).all()
                .concatMap(v -> steps(v.state().id()).collectList().map(v::withSteps)).collectList();
        var total = bind(db.sql("SELECT count(*) AS n FROM sagas" + where), binds)
                .map(row -> row.get("n", Long.class)).one();
        return Mono.zip(items, total, (list, n) -> new SagaPage(list, q.page(), q.size(), n));
    }

    private static GenericExecuteSpec bind(GenericExecuteSpec spec, List<String[]> binds) {
        for (String[] b : binds) {
            spec = spec.bind(b[0], b[1]);
        }
        return spec;
    }

    private static <T> GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, T value, Class<T> type) {
        return value == null ? spec.bindNull(name, type) : spec.bind(name, value);
    }

    private static SagaView toView(Readable row) {
        return new SagaView(toState(row), row.get("requested_by", String.class), row.get("trigger_id", String.class),
                List.of());
    }

    static SagaState toState(Readable row) {
        UUID deployment = row.get("deployment_id", UUID.class);
        UUID rollbackDeployment = row.get("rollback_deployment_id", UUID.class);
        String step = row.get("step", String.class);
        return SagaState.builder().id(new SagaId(row.get("id", UUID.class)))
                .application(row.get("application", String.class))
                .environment(row.get("environment", String.class))
                .status(SagaStatus.valueOf(row.get("status", String.class)))
                .cause(row.get("cause", String.class))
                .branch(Branch.valueOf(row.get("branch", String.class)))
                .decision(EventCodec.mapper().readValue(row.get("decision", String.class), Decision.class))
                .fromVersion(row.get("from_version", String.class))
                .targetVersion(row.get("target_version", String.class))
                .deploymentId(deployment == null ? null : new DeploymentId(deployment))
                .deploymentActive(Boolean.TRUE.equals(row.get("deployment_active", Boolean.class)))
                .rollbackDeploymentId(rollbackDeployment == null ? null : new DeploymentId(rollbackDeployment))
                .step(step == null ? null : Step.of(step))
                .attempt(row.get("attempt", Integer.class))
                .deadline(row.get("deadline", Instant.class))
                .outcome(row.get("outcome", String.class))
                .failureReason(row.get("failure_reason", String.class))
                .operator(row.get("operator", String.class))
                .createdAt(row.get("created_at", Instant.class))
                .completedAt(row.get("completed_at", Instant.class))
                .version(row.get("version", Long.class))
                .build();
    }

    /** Filters and page of the list. */
    public record SagaQuery(String application, String environment, SagaStatus status, String cause, int page,
            int size) {
    }

    /** One page of the list. */
    public record SagaPage(List<SagaView> items, int page, int size, long total) {
    }
}
