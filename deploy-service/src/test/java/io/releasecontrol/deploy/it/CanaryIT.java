package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static io.releasecontrol.deploy.it.DeployApi.create;
import static io.releasecontrol.deploy.it.DeployApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.deployment.DeployProgressed;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Canary deployments through all their steps, with their events on the real broker, in order. */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class CanaryIT {

    @Autowired
    WebTestClient web;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void walksACanaryThroughEveryStepAndPublishesItsEventsInOrder() {
        String app = app("canary-steps");
        String id = create(web, Map.of("application", app, "environment", "staging", "version", "2.0.0",
                "strategy", "canary", "executor", "simulated", "canary", Map.of("steps", List.of(10, 50, 100),
                        "pause", "PT0.2S", "routing", Map.of("regions", List.of("eu-west"), "cookie", "canary=1"))));
        var done = awaitStatus(web, id, "SUCCEEDED");
        assertThat(done).containsEntry("traffic", Map.of("stable", 0, "canary", 100))
                .containsEntry("routing", Map.of("userHashHeader", "X-User-Id", "regionHeader", "X-Region",
                        "regions", List.of("eu-west"), "cookie", "canary=1"));

        List<EventEnvelope<RcEvent>> events = DeployApi.deploymentEvents(app, "staging", 15, Duration.ofMillis(500));
        assertThat(DeployApi.types(events)).containsExactly("DeployRequested", "DeployStarted",
                "DeployProgressed", // canary instances deployed
                "TrafficShifted", "DeployProgressed", "DeployProgressed", "DeployProgressed", // 10 %, health, pause
                "TrafficShifted", "DeployProgressed", "DeployProgressed", "DeployProgressed", // 50 %, health, pause
                "TrafficShifted", "DeployProgressed", "DeployProgressed", // 100 %, health
                "DeploySucceeded");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.correlationid()).isEqualTo(id);
            assertThat(e.subject()).isEqualTo(app + ":staging");
        });
        assertThat(events.stream().map(e -> e.data()).filter(TrafficShifted.class::isInstance)
                .map(e -> ((TrafficShifted) e).newPercent())).containsExactly(10, 50, 100);
        List<Integer> progress = events.stream().map(EventEnvelope::data).filter(DeployProgressed.class::isInstance)
                .map(e -> ((DeployProgressed) e).progress()).toList();
        assertThat(progress).isSorted().last().isEqualTo(100);
        // every lifecycle event carries the deployment's number within its target
        assertThat(events.stream().map(e -> sequenceOf((DeploymentEvent) e.data()))).containsOnly(1L);
    }

    private static Long sequenceOf(DeploymentEvent e) {
        return switch (e.getClass().getSimpleName()) {
            case "DeployRequested" -> ((io.releasecontrol.events.deployment.DeployRequested) e).sequence();
            case "DeployStarted" -> ((io.releasecontrol.events.deployment.DeployStarted) e).sequence();
            case "DeployProgressed" -> ((DeployProgressed) e).sequence();
            case "TrafficShifted" -> ((TrafficShifted) e).sequence();
            case "DeploySucceeded" -> ((io.releasecontrol.events.deployment.DeploySucceeded) e).sequence();
            default -> -1L;
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void holdsAManualCanaryUntilPromotedAndObeysPauseAndResume() {
        String app = app("canary-manual");
        String id = create(web, Map.of("application", app, "environment", "staging", "version", "3.0.0",
                "strategy", "canary", "canary", Map.of("steps", List.of(20, 100), "pause", "manual")));
        await().atMost(Duration.ofSeconds(30)).until(() -> DeployApi.get(web, id).get("currentStep")
                .equals("health check at 20%"));
        // it waits for the promote: nothing moves on
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5))
                .until(() -> DeployApi.get(web, id).get("currentStep").equals("health check at 20%"));
        assertThat((Map<String, Object>) DeployApi.get(web, id).get("traffic")).containsEntry("canary", 20);

        post(web, "/api/v1/deployments/" + id + "/pause", Map.of()).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("PAUSED");
        post(web, "/api/v1/deployments/" + id + "/pause", Map.of()).expectStatus().isEqualTo(409);
        post(web, "/api/v1/deployments/" + id + "/resume", Map.of()).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("RUNNING");
        post(web, "/api/v1/deployments/" + id + "/promote", Map.of()).expectStatus().isOk()
                .expectBody().jsonPath("$.canary.promoted").isEqualTo(true);

        var done = awaitStatus(web, id, "SUCCEEDED");
        assertThat((Map<String, Object>) done.get("traffic")).containsEntry("canary", 100);
    }
}
