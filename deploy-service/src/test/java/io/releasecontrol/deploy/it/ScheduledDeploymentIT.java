package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static io.releasecontrol.deploy.it.DeployApi.create;
import static io.releasecontrol.deploy.it.DeployApi.deploymentEvents;
import static io.releasecontrol.deploy.it.DeployApi.post;
import static io.releasecontrol.deploy.it.DeployApi.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.release.ScheduledDeploymentStarter;
import io.releasecontrol.deploy.runner.DeploymentStarter;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Scheduled deployments against the real database and broker: started at their time, once; cancelled before. */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class ScheduledDeploymentIT {

    @Autowired
    WebTestClient web;
    @Autowired
    ScheduledDeploymentStarter scheduler;
    @Autowired
    DeploymentStarter starter;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void schedulerBack() {
        if (!scheduler.isRunning()) {
            scheduler.start();
        }
    }

    private static Map<String, Object> scheduled(String app, Instant at) {
        Map<String, Object> m = new HashMap<>(Map.of("application", app, "environment", "staging", "version", "7.0.0",
                "strategy", "rolling", "executor", "simulated"));
        m.put("scheduledAt", at.toString());
        return m;
    }

    @Test
    void startsAtItsTimeAndNotBefore() {
        String app = app("sched");
        Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        String id = create(web, scheduled(app, at));

        var pending = DeployApi.get(web, id);
        assertThat(pending).containsEntry("status", "PENDING").containsEntry("scheduledAt", at.toString())
                .containsEntry("currentStep", "scheduled for " + at);
        var done = awaitStatus(web, id, "SUCCEEDED");
        assertThat(Instant.parse((String) done.get("startedAt"))).isAfterOrEqualTo(at);
    }

    @Test
    void isStartedOnceWhenDueWhileTheServiceWasDownAndSeveralInstancesClaimIt() {
        // the service is "down": nothing starts scheduled deployments
        scheduler.stop();
        String app = app("sched-restart");
        Instant at = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        String id = create(web, scheduled(app, at));
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(at.plusMillis(200)));
        assertThat(DeployApi.get(web, id)).containsEntry("status", "PENDING");

        // "restarted" as three instances at once: each claims what is due, only one gets it
        var claimed = Flux.range(0, 3).flatMap(i -> scheduler.round().subscribeOn(Schedulers.boundedElastic()))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(claimed).containsExactlyInAnyOrder(1L, 0L, 0L);
        scheduler.start();

        awaitStatus(web, id, "SUCCEEDED");
        var events = types(deploymentEvents(app, "staging", 4, Duration.ofSeconds(1)));
        assertThat(Collections.frequency(events, "DeployStarted")).isEqualTo(1);
        assertThat(events).first().isEqualTo("DeployRequested");
    }

    /**
     * Created and committed by an instance that died before it launched it (a StartDeployment
     * command between its commit and the launch): no schedule, no approval, no checklist. Before,
     * only the stuck-deployment reaper saw it, after 10 minutes, and failed it.
     */
    @Test
    void anImmediateDeploymentWhoseInstanceDiedBeforeLaunchingItIsStartedAfterTheClaimLease() {
        String app = app("orphan");
        var created = starter.create(NewDeployment.builder().application(app).environment("staging").version("7.0.0")
                .strategy(Strategy.ROLLING).executor("simulated").requestedBy("it").build(), "it-orphan")
                .block(Duration.ofSeconds(30));
        String id = created.spec().id().toString();
        assertThat(DeployApi.get(web, id)).containsEntry("status", "PENDING");

        // nothing launches it here: the claim lease (PT3S in these tests) passes and a scheduler round starts it
        var done = awaitStatus(web, id, "SUCCEEDED");
        assertThat(Duration.between(Instant.parse((String) done.get("createdAt")),
                Instant.parse((String) done.get("startedAt")))).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(Collections.frequency(types(deploymentEvents(app, "staging", 4, Duration.ofSeconds(1))),
                "DeployStarted")).isEqualTo(1);
    }

    @Test
    void canBeCancelledBeforeItsTimeAndRefusesATimeInThePast() {
        String app = app("sched-cancel");
        String id = create(web, scheduled(app, Instant.now().plus(Duration.ofHours(1))));
        post(web, "/api/v1/deployments/" + id + "/cancel", Map.of("reason", "release moved")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");

        post(web, "/api/v1/deployments", scheduled(app, Instant.now().minusSeconds(60))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("scheduledAt");
        var bad = scheduled(app, Instant.now());
        bad.put("scheduledAt", "tomorrow");
        post(web, "/api/v1/deployments", bad).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].message")
                .isEqualTo("must be an ISO-8601 UTC time such as 2026-03-01T10:15:30Z, got 'tomorrow'");
    }
}
