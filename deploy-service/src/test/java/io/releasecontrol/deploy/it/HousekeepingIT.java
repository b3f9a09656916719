package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static io.releasecontrol.deploy.it.DeployApi.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.deploy.log.LogRetentionJob;
import io.releasecontrol.deploy.release.ScheduledDeploymentStarter;
import io.releasecontrol.deploy.runner.StuckDeploymentReaper;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The background jobs: log retention, and failing deployments whose runner is gone. */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class HousekeepingIT {

    @Autowired
    ScheduledDeploymentStarter starter;
    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    LogRetentionJob retention;
    @Autowired
    StuckDeploymentReaper reaper;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private long lines(String id) {
        return db.sql("SELECT count(*) AS n FROM deploy_logs WHERE deployment_id = :id").bind("id", UUID.fromString(id))
                .map(r -> r.get("n", Long.class)).one().block();
    }

    @Test
    void clearsLogLinesOlderThanTheRetentionAndSaysHowMany() {
        String old = create(web, Map.of("application", app("retention"), "environment", "staging", "version", "1.0.0"));
        String recent = create(web, Map.of("application", app("retention"), "environment", "staging", "version", "1.0.0"));
        awaitStatus(web, old, "SUCCEEDED");
        awaitStatus(web, recent, "SUCCEEDED");
        long oldLines = lines(old);
        long recentLines = lines(recent);
        db.sql("UPDATE deploy_logs SET at = :at WHERE deployment_id = :id")
                .bind("at", Instant.now().minus(Duration.ofDays(31))).bind("id", UUID.fromString(old)).then().block();

        Long cleared = retention.clearOldLogs().block(Duration.ofSeconds(10));

        assertThat(cleared).isGreaterThanOrEqualTo(oldLines);
        assertThat(lines(old)).isZero();
        assertThat(lines(recent)).isEqualTo(recentLines);
    }

    @Test
    void failsADeploymentWhoseRunnerWentSilentAndFreesItsTarget() {
        String app = app("stuck");
        UUID id = UUID.randomUUID();
        // the starter takes a PENDING orphan over once its claim lease has passed, before any reaper
        // would (a494b11): stopped here, the reaper is the backstop it is meant to be when none runs
        starter.stop();
        try {
            reapAnOrphan(app, id);
        } finally {
            starter.start();
        }
        // the target is free again
        awaitStatus(web, create(web, Map.of("application", app, "environment", "staging", "version", "1.0.1")),
                "SUCCEEDED");
    }

    private void reapAnOrphan(String app, UUID id) {
        // what a dead instance leaves behind when it died before starting it: PENDING, heard of long
        // ago, no runner here (a RUNNING one would be taken over through its lease: DeploymentLeaseIT)
        db.sql("""
                INSERT INTO deployments (id, application, environment, version, strategy, executor, status,
                    current_step, requested_by, sequence, created_at, heartbeat_at)
                VALUES (:id, :app, 'staging', '1.0.0', 'rolling', 'simulated', 'PENDING', 'ready', 'alice', 1,
                    :at, :at)""")
                .bind("id", id).bind("app", app).bind("at", Instant.now().minus(Duration.ofHours(1))).then().block();
        db.sql("INSERT INTO deploy_targets (application, environment, last_sequence) VALUES (:app, 'staging', 1)")
                .bind("app", app).then().block();

        Long failed = reaper.reap().block(Duration.ofSeconds(10));

        assertThat(failed).isGreaterThanOrEqualTo(1L);
        var d = DeployApi.get(web, id.toString());
        assertThat(d).containsEntry("status", "FAILED").containsEntry("currentStep", "ready");
        assertThat((String) d.get("failureReason")).contains("no runner heard from");
    }
}
