package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static io.releasecontrol.deploy.it.DeployApi.create;
import static io.releasecontrol.deploy.it.DeployApi.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.input.NulCharacterException;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** The deployment REST API against the real database and broker: validation, conflicts, control, history. */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class DeploymentApiIT {

    @Autowired
    WebTestClient web;
    @Autowired
    org.springframework.boot.web.server.context.WebServerApplicationContext server;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static Map<String, Object> rolling(String app, String version) {
        return Map.of("application", app, "environment", "staging", "version", version, "strategy", "rolling",
                "executor", "simulated");
    }

    @Test
    @SuppressWarnings("unchecked")
    void startsARollingDeploymentThatSucceedsWithTheCallerAsRequester() {
        String app = app("api-rolling");
        String id = create(web, Map.of("application", app, "environment", "staging", "version", "1.2.0",
                "strategy", "rolling", "executor", "simulated",
                "options", Map.of("skipBuild", true, "description", "first"), "requestedBy", "mallory"));

        var done = awaitStatus(web, id, "SUCCEEDED");
        assertThat(done).containsEntry("requestedBy", "alice").containsEntry("progress", 100)
                .containsEntry("traffic", Map.of("stable", 0, "canary", 100)).containsEntry("sequence", 1);
        assertThat(done.get("startedAt")).isNotNull();
        assertThat(done.get("completedAt")).isNotNull();
        assertThat((String) done.get("duration")).startsWith("PT");
        assertThat((Map<String, Object>) done.get("links")).containsEntry("logs", "/api/v1/deployments/" + id + "/logs");
    }

    @Test
    void refusesBadRequestsPreciselyAndStartsNothing() {
        String app = app("api-bad");
        expectInvalid(Map.of("application", app, "environment", "staging", "version", "1.0.0", "strategy", "big-bang"),
                "strategy", "unknown strategy 'big-bang' (expected rolling, blue-green or canary)");
        expectInvalid(Map.of("application", app, "environment", "staging", "version", "1.0.0", "executor", "ansible"),
                "executor", "unknown executor 'ansible' (expected script or simulated)");
        expectInvalid(Map.of("application", app, "environment", "staging", "strategy", "rolling"),
                "version", "is required (or give branch and/or commit)");
        expectInvalid(Map.of("application", app, "environment", "staging", "version", "1.0.0", "strategy", "canary",
                "canary", Map.of("steps", List.of(10, 50, 40, 100))), "canary.steps",
                "steps must be strictly increasing, got [10, 50, 40, 100]");
        expectInvalid(Map.of("application", app, "environment", "staging", "version", "1.0.0", "strategy", "canary",
                "canary", Map.of("steps", List.of(10, 50))), "canary.steps", "the last step must be 100, got 50");
        // the script executor where the environment has no script: understood, but cannot be done
        post(web, "/api/v1/deployments", Map.of("application", app, "environment", "staging", "version", "1.0.0",
                "executor", "script")).expectStatus().isEqualTo(422)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/unprocessable")
                .jsonPath("$.detail").isEqualTo("environment 'staging' has no deploy script configured "
                        + "(rc.deploy.environments.staging.script)");

        web.get().uri("/api/v1/deployments?application={app}", app).header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(0);
    }

    @Test
    void refusesNulCharactersNamingTheFieldAndStartsNothing() {
        // PostgreSQL cannot store U+0000 in text: each was a 500
        String app = app("api-nul");
        String nul = NulCharacterException.REASON;
        expectInvalid(Map.of("application", app, "environment", "staging", "branch", "main\u0000", "strategy", "rolling"),
                "branch", nul);
        expectInvalid(Map.of("application", app, "environment", "staging", "commit", "\u0000abc", "strategy", "rolling"),
                "commit", nul);
        expectInvalid(Map.of("application", app, "environment", "staging", "version", "1.0.0", "strategy", "rolling",
                "options", Map.of("description", "a\u0000b")), "options.description", nul);
        web.put().uri("/api/v1/environments/staging/maintenance?application={app}", app)
                .header(IdentityCodec.HEADER, DeployApi.admin()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", true, "reason", "db\u0000repair")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        web.get().uri("/api/v1/deployments?application={app}", "\u0000").header(IdentityCodec.HEADER, DeployApi.deployer())
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("application");

        web.get().uri("/api/v1/deployments?application={app}", app).header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.total").isEqualTo(0);
    }

    private void expectInvalid(Map<String, Object> body, String field, String message) {
        post(web, "/api/v1/deployments", body).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.errors[0].message").isEqualTo(message);
    }

    @Test
    void refusesAnonymousAndViewerCallersToDeploy() {
        web.post().uri("/api/v1/deployments").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(rolling(app("api-anon"), "1.0.0")).exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/v1/deployments").header(IdentityCodec.HEADER, DeployApi.identity("val", "viewer"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(rolling(app("api-viewer"), "1.0.0")).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    @SuppressWarnings("unchecked")
    void letsExactlyOneOfTwentyConcurrentRequestsStartAndTellsTheOthersWhichOneRuns() {
        String app = app("api-race");
        var client = WebClient.create("http://127.0.0.1:" + server.getWebServer().getPort());
        var body = Map.of("application", app, "environment", "staging", "version", "2.0.0", "strategy", "canary",
                "executor", "simulated", "canary", Map.of("steps", List.of(10, 100), "pause", "manual"));
        var statuses = new ConcurrentLinkedQueue<Integer>();
        List<Map<String, Object>> answers = Flux.range(0, 20)
                .flatMap(i -> client.post().uri("/api/v1/deployments").header(IdentityCodec.HEADER, DeployApi.deployer())
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                        .exchangeToMono(r -> {
                            statuses.add(r.statusCode().value());
                            return r.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() { });
                        }), 20)
                .collectList().block(Duration.ofSeconds(60));

        assertThat(statuses).hasSize(20);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        assertThat(statuses.stream().filter(s -> s == 409)).hasSize(19);
        String running = (String) answers.stream().filter(a -> a.containsKey("id")).findFirst().orElseThrow().get("id");
        assertThat(answers.stream().filter(a -> a.containsKey("runningDeploymentId")))
                .hasSize(19).allSatisfy(a -> assertThat(a.get("runningDeploymentId")).isEqualTo(running));
        web.get().uri("/api/v1/deployments?application={app}", app).header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectBody()
                .jsonPath("$.total").isEqualTo(1);

        post(web, "/api/v1/deployments/" + running + "/cancel", Map.of("reason", "test over")).expectStatus().isOk();
        awaitStatus(web, running, "CANCELLED");
    }

    @Test
    void cancelOfAFinishedDeploymentIsAConflictAndPromoteOfANonCanaryIsUnprocessable() {
        String id = create(web, rolling(app("api-finished"), "1.0.0"));
        awaitStatus(web, id, "SUCCEEDED");

        post(web, "/api/v1/deployments/" + id + "/cancel", Map.of()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/conflict")
                .jsonPath("$.currentStatus").isEqualTo("SUCCEEDED");
        post(web, "/api/v1/deployments/" + id + "/promote", Map.of()).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("only a canary can promote"));
        post(web, "/api/v1/deployments/" + id + "/pause", Map.of()).expectStatus().isEqualTo(422);
        post(web, "/api/v1/deployments/00000000-0000-0000-0000-000000000000/cancel", Map.of())
                .expectStatus().isNotFound();
    }

    @Test
    void failsADeploymentWhoseSimulatedStepFailsWithTheReason() {
        String id = create(web, rolling(app("api-broken"), "3.0.0-broken"));
        var failed = awaitStatus(web, id, "FAILED");
        assertThat((String) failed.get("failureReason")).startsWith("injected failure at 'batch 1/2");
        assertThat(failed.get("currentStep")).isEqualTo("batch 1/2 (instances 1-2)");
    }

    @Test
    void listsHistoryWithFiltersAndPages() {
        String app = app("api-history");
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
            awaitStatus(web, create(web, rolling(app, v)), "SUCCEEDED");
        }
        web.get().uri("/api/v1/deployments?application={app}&status=SUCCEEDED&page=0&size=2", app)
                .header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.total").isEqualTo(3).jsonPath("$.size").isEqualTo(2).jsonPath("$.page").isEqualTo(0)
                .jsonPath("$.items.length()").isEqualTo(2)
                .jsonPath("$.items[0].version").isEqualTo("1.2.0")
                .jsonPath("$.items[0].previousVersion").isEqualTo("1.1.0")
                .jsonPath("$.items[0].sequence").isEqualTo(3);
        web.get().uri("/api/v1/deployments?application={app}&page=1&size=2", app)
                .header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectBody()
                .jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.items[0].version").isEqualTo("1.0.0");
        web.get().uri("/api/v1/deployments?application={app}&status=FAILED", app)
                .header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectBody()
                .jsonPath("$.total").isEqualTo(0);
        web.get().uri("/api/v1/deployments?from=yesterday").header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
    }

    @Test
    void refusesNewDeploymentsWith423WhileMaintenanceIsOnButLetsRollbacksThrough() {
        String app = app("api-maint");
        String first = create(web, rolling(app, "1.0.0"));
        awaitStatus(web, first, "SUCCEEDED");

        web.put().uri("/api/v1/environments/staging/maintenance?application={app}", app)
                .header(IdentityCodec.HEADER, DeployApi.deployer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", true)).exchange().expectStatus().isForbidden();
        web.put().uri("/api/v1/environments/staging/maintenance?application={app}", app)
                .header(IdentityCodec.HEADER, DeployApi.admin()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", true, "reason", "db repair")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.enabled").isEqualTo(true).jsonPath("$.changedBy").isEqualTo("root");

        post(web, "/api/v1/deployments", rolling(app, "1.1.0")).expectStatus().isEqualTo(423)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/maintenance-mode")
                .jsonPath("$.detail").isEqualTo("maintenance mode is on for " + app
                        + " in staging (db repair): only rollback or repair deployments may run");
        var rollback = new java.util.HashMap<>(rolling(app, "0.9.0"));
        rollback.put("rollbackOf", first);
        String rb = create(web, rollback);
        assertThat(awaitStatus(web, rb, "SUCCEEDED")).containsEntry("rollbackOf", first);
        web.get().uri("/api/v1/environments/staging/maintenance?application={app}", app)
                .header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.enabled").isEqualTo(true)
                .jsonPath("$.effective").isEqualTo(true);

        var events = DeployApi.deploymentEvents(app, "staging", 1, Duration.ZERO).stream()
                .filter(e -> e.data() instanceof io.releasecontrol.events.deployment.MaintenanceModeChanged).toList();
        assertThat(events).hasSize(1);
    }

    @Test
    void listsItsPathsInTheOpenApiDocument() {
        web.get().uri("/v3/api-docs").header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectStatus().isOk().expectBody(String.class).value(doc ->
                assertThat(doc).contains("/api/v1/deployments", "/api/v1/deployments/{id}",
                        "/api/v1/deployments/{id}/logs", "/api/v1/deployments/{id}/cancel",
                        "/api/v1/deployments/{id}/promote", "/api/v1/environments/{env}/maintenance"));
    }

}
