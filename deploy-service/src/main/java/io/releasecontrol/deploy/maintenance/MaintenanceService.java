package io.releasecontrol.deploy.maintenance;

import io.r2dbc.spi.Readable;
import io.releasecontrol.deploy.deployment.DeploymentEvents;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.events.deployment.MaintenanceModeChanged;
import io.releasecontrol.runtime.outbox.Outbox;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/** Maintenance mode per environment or application; switching it emits {@code MaintenanceModeChanged}. */
@Service
public class MaintenanceService {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceService.class);

    private final DatabaseClient db;
    private final Outbox outbox;
    private final TransactionalOperator tx;

    public MaintenanceService(DatabaseClient db, Outbox outbox, TransactionalOperator tx) {
        this.db = db;
        this.outbox = outbox;
        this.tx = tx;
    }

    /** The mode of exactly this scope (environment-wide with {@code "*"}); off when never set. */
    public Mono<MaintenanceMode> get(String environment, String application) {
        return db.sql("SELECT * FROM maintenance_modes WHERE environment = :env AND application = :app")
                .bind("env", environment).bind("app", application)
                .map(MaintenanceService::toMode).one()
                .defaultIfEmpty(MaintenanceMode.off(environment, application));
    }

    /** Every scope of an environment that has been set. */
    public Mono<List<MaintenanceMode>> list(String environment) {
        return db.sql("SELECT * FROM maintenance_modes WHERE environment = :env ORDER BY application")
                .bind("env", environment).map(MaintenanceService::toMode).all().collectList();
    }

    /** Errors with 423 when the target is in maintenance and the deployment is not a rollback/repair. */
    public Mono<Void> refuseIfOn(NewDeployment req) {
        if (req.rollbackOf() != null || req.repair()) {
            return Mono.empty();
        }
        return db.sql("""
                SELECT * FROM maintenance_modes WHERE environment = :env AND enabled
                AND application IN (:app, '*') ORDER BY application = '*' LIMIT 1""")
                .bind("env", req.environment()).bind("app", req.application())
                .map(MaintenanceService::toMode).one()
                .flatMap(on -> Mono.error(new MaintenanceModeOnException(req.application(), on)));
    }

    /** Switches the mode and writes {@code MaintenanceModeChanged}, in one transaction. */
    public Mono<MaintenanceMode> set(String environment, String application, boolean enabled, String reason,
            String by, String causationId) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var mode = new MaintenanceMode(environment, application, enabled, reason, by, at);
        var spec = db.sql("""
                INSERT INTO maintenance_modes (environment, application, enabled, reason, changed_by, changed_at)
                VALUES (:env, :app, :enabled, :reason, :by, :at)
                ON CONFLICT (environment, application) DO UPDATE SET enabled = :enabled, reason = :reason,
                    changed_by = :by, changed_at = :at""")
                .bind("env", environment).bind("app", application).bind("enabled", enabled)
                .bind("by", by).bind("at", at);
        spec = reason == null ? spec.bindNull("reason", String.class) : spec.bind("reason", reason);
        var event = new MaintenanceModeChanged(application, environment, enabled, reason, by);
        return tx.transactional(spec.then()
                        .then(outbox.append(DeploymentEvents.envelope(event, null, causationId))))
                .doOnSuccess(v -> log.info("maintenance mode of {}:{} -> {} by {} ({})", application, environment,
                        enabled ? "on" : "off", by, reason))
                .thenReturn(mode);
    }

    private static MaintenanceMode toMode(Readable row) {
        return new MaintenanceMode(row.get("environment", String.class), row.get("application", String.class),
                Boolean.TRUE.equals(row.get("enabled", Boolean.class)), row.get("reason", String.class),
                row.get("changed_by", String.class), row.get("changed_at", Instant.class));
    }
}
