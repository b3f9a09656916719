package io.releasecontrol.orchestrator.deployment;

import io.r2dbc.spi.Readable;
import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.deployment.DeployApprovalRequested;
import io.releasecontrol.events.deployment.DeployApproved;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployProgressed;
import io.releasecontrol.events.deployment.DeployRejected;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.DeployStepAnalysed;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.events.deployment.MaintenanceModeChanged;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The latest deployment of every target, kept from {@code rc.deployments}: the deployment state
 * the decision needs (strategy, canary weight, when it finished). An event of an older deployment
 * (lower {@code sequence}) never overwrites a newer one.
 */
@Repository
public class DeploymentStates {

    /** Nothing the decision reads: progress, approvals, gates and maintenance change no deployment's row. */
    static final Set<Class<? extends DeploymentEvent>> IGNORED = Set.of(DeployProgressed.class,
            DeployApprovalRequested.class, DeployApproved.class, DeployRejected.class, DeployStepAnalysed.class,
            MaintenanceModeChanged.class);

    private final DatabaseClient db;

    public DeploymentStates(DatabaseClient db) {
        this.db = db;
    }

    /**
     * What a decision reads about a target, in one round trip.
     *
     * @param latest     the latest deployment, or null when none is known
     * @param rolledBack versions rolled back there (never a rollback target until they succeed again)
     * @param sagaRunning the target has an active saga (a new trigger joins it: no decision needed)
     */
    public record TargetFacts(DeploymentState latest, Set<String> rolledBack, boolean sagaRunning) {
    }

    public Mono<TargetFacts> facts(String application, String environment) {
        return db.sql("""
                SELECT d.*, ARRAY(SELECT g.version FROM good_versions g WHERE g.application = :app
                        AND g.environment = :env AND g.bad) AS rolled_back,
                    EXISTS (SELECT 1 FROM sagas s WHERE s.application = :app AND s.environment = :env
                        AND s.status IN ('RUNNING', 'WAITING_APPROVAL', 'OBSERVING')) AS saga_running
                FROM (SELECT 1) one
                LEFT JOIN target_deployments d ON d.application = :app AND d.environment = :env""")
                .bind("app", application).bind("env", environment)
                .map(row -> new TargetFacts(row.get("deployment_id", UUID.class) == null ? null : toState(row),
                        Set.of(row.get("rolled_back", String[].class)),
                        Boolean.TRUE.equals(row.get("saga_running", Boolean.class))))
                .one();
    }

    /** Whether this deployment is the target's latest and a succeeded blue-green one (a shift to 0 % switches it back). */
    public Mono<Boolean> finishedBlueGreen(DeploymentId id) {
        return db.sql("SELECT 1 FROM target_deployments WHERE deployment_id = :id AND status = 'SUCCEEDED'"
                        + " AND strategy = :strategy")
                .bind("id", id.value()).bind("strategy", Strategy.BLUE_GREEN.wire())
                .map(row -> true).first().defaultIfEmpty(false);
    }

    /** Folds one deployment event into the target's row (call inside the consumer's transaction). */
    public Mono<Void> apply(DeploymentEvent event, Instant at) {
        if (event instanceof DeployRequested r) {
            return upsert(new DeploymentState(r.deploymentId(), r.application(), r.environment(), r.version(), null,
                    strategy(r.strategy()), "PENDING", 0, r.rollbackOf(), null, null), r.sequence(),
                    r.sagaId() == null ? null : r.sagaId().value());
        } else if (event instanceof DeployStarted s) {
            Instant started = s.startedAt() == null ? at : s.startedAt();
            return update(s.deploymentId(), "status = 'RUNNING', previous_version = :previous, strategy = :strategy,"
                    + " started_at = :at", spec -> nullable(spec, "previous", s.previousVersion())
                            .bind("strategy", strategy(s.strategy()).wire()).bind("at", started),
                    new DeploymentState(s.deploymentId(), s.application(), s.environment(), s.version(),
                            s.previousVersion(), strategy(s.strategy()), "RUNNING", 0, null, started, null),
                    s.sequence());
        } else if (event instanceof TrafficShifted t) {
            return update(t.deploymentId(), "new_percent = :percent", spec -> spec.bind("percent", t.newPercent()),
                    null, t.sequence());
        } else if (event instanceof DeploySucceeded s) {
            return ended(s.deploymentId(), s.application(), s.environment(), s.version(), "SUCCEEDED", 100,
                    s.completedAt() == null ? at : s.completedAt(), s.rollbackOf(), s.sequence());
        } else if (event instanceof DeployFailed f) {
            return ended(f.deploymentId(), f.application(), f.environment(), f.version(), "FAILED", null,
                    f.completedAt() == null ? at : f.completedAt(), null, f.sequence());
        } else if (event instanceof DeployCancelled c) {
            return ended(c.deploymentId(), c.application(), c.environment(), c.version(), "CANCELLED", null,
                    c.completedAt() == null ? at : c.completedAt(), null, c.sequence());
        } else if (IGNORED.contains(event.getClass())) {
            return Mono.empty();
        }
        throw new UnhandledSubtypeException(DeploymentEvent.class, event);
    }

    private Mono<Void> ended(DeploymentId id, String app, String env, String version, String status,
            Integer newPercent, Instant at, DeploymentId rollbackOf, Long sequence) {
        // a rollback whose requested event was missed still says so when it ends
        String set = "status = :status, finished_at = :at" + (newPercent == null ? "" : ", new_percent = :percent")
                + (rollbackOf == null ? "" : ", rollback_of = :rollbackOf");
        return update(id, set, spec -> {
            var s = spec.bind("status", status).bind("at", at);
            s = rollbackOf == null ? s : s.bind("rollbackOf", rollbackOf.value());
            return newPercent == null ? s : s.bind("percent", newPercent);
        }, new DeploymentState(id, app, env, version, null, Strategy.ROLLING, status, newPercent == null ? 0
                : newPercent, rollbackOf, null, at), sequence);
    }

    /**
     * Updates the row of this deployment; when the row holds another (the requested event was
     * never seen) and this deployment is newer, replaces it with what the event tells.
     */
    private Mono<Void> update(DeploymentId id, String set, java.util.function.UnaryOperator<GenericExecuteSpec> binds,
            DeploymentState fallback, Long sequence) {
        var spec = binds.apply(db.sql("UPDATE target_deployments SET " + set + " WHERE deployment_id = :id")
                .bind("id", id.value()));
        return spec.fetch().rowsUpdated().flatMap(n -> n > 0 || fallback == null ? Mono.<Void>empty()
                : upsert(fallback, sequence, null));
    }

    private Mono<Void> upsert(DeploymentState d, Long sequence, UUID sagaId) {
        var spec = db.sql("""
                INSERT INTO target_deployments (application, environment, deployment_id, sequence, version,
                    previous_version, strategy, status, new_percent, rollback_of, saga_id, started_at, finished_at)
                VALUES (:app, :env, :id, :sequence, :version, :previous, :strategy, :status, :percent, :rollbackOf,
                    :sagaId, :startedAt, :finishedAt)
                ON CONFLICT (application, environment) DO UPDATE SET deployment_id = EXCLUDED.deployment_id,
                    sequence = EXCLUDED.sequence, version = EXCLUDED.version,
                    previous_version = EXCLUDED.previous_version, strategy = EXCLUDED.strategy,
                    status = EXCLUDED.status, new_percent = EXCLUDED.new_percent, rollback_of = EXCLUDED.rollback_of,
                    saga_id = EXCLUDED.saga_id, started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at
                WHERE target_deployments.sequence < EXCLUDED.sequence""")
                .bind("app", d.application()).bind("env", d.environment()).bind("id", d.deploymentId().value())
                .bind("sequence", sequence == null ? 0L : sequence).bind("version", d.version())
                .bind("strategy", d.strategy().wire()).bind("status", d.status()).bind("percent", d.newPercent());
        spec = nullable(spec, "previous", d.previousVersion());
        spec = d.rollbackOf() == null ? spec.bindNull("rollbackOf", UUID.class)
                : spec.bind("rollbackOf", d.rollbackOf().value());
        spec = sagaId == null ? spec.bindNull("sagaId", UUID.class) : spec.bind("sagaId", sagaId);
        spec = d.startedAt() == null ? spec.bindNull("startedAt", Instant.class) : spec.bind("startedAt", d.startedAt());
        spec = d.finishedAt() == null ? spec.bindNull("finishedAt", Instant.class)
                : spec.bind("finishedAt", d.finishedAt());
        return spec.then();
    }

    private static Strategy strategy(Strategy s) {
        return s == null ? Strategy.ROLLING : s;
    }

    private static GenericExecuteSpec nullable(GenericExecuteSpec spec, String name, String value) {
        return value == null ? spec.bindNull(name, String.class) : spec.bind(name, value);
    }

    private static DeploymentState toState(Readable row) {
        UUID rollbackOf = row.get("rollback_of", UUID.class);
        return new DeploymentState(new DeploymentId(row.get("deployment_id", UUID.class)),
                row.get("application", String.class), row.get("environment", String.class),
                row.get("version", String.class), row.get("previous_version", String.class),
                Strategy.fromWire(row.get("strategy", String.class)), row.get("status", String.class),
                row.get("new_percent", Integer.class), rollbackOf == null ? null : new DeploymentId(rollbackOf),
                row.get("started_at", Instant.class), row.get("finished_at", Instant.class));
    }
}
