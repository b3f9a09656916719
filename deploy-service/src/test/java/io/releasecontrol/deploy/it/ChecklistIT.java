package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static io.releasecontrol.deploy.it.DeployApi.body;
import static io.releasecontrol.deploy.it.DeployApi.env;
import static io.releasecontrol.deploy.it.DeployApi.identity;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.deploy.release.ScheduledDeploymentStarter;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Pre- and post-deployment checklists against the real database and broker (version-service is
 * {@link VersionServiceStub}): a deployment waits in PENDING, with the reason, until its manual
 * items are confirmed by named people and its automatic items pass. Every test uses environments
 * of its own, so its policy touches no other test.
 */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class ChecklistIT {

    private static final String ALICE = identity("alice", "deployer");
    private static final String BOB = identity("bob", "deployer");
    private static final String CAROL = identity("carol", "deployer");
    private static final String ROOT = identity("root", "admin");
    private static final Map<String, Object> TESTS_PASSED = Map.of("id", "tests-passed", "title",
            "Integration tests passed");
    private static final Map<String, Object> VERSION_REGISTERED = Map.of("id", "version-registered", "title",
            "Version registered", "check", "version-exists");
    private static final Map<String, Object> SMOKE = Map.of("id", "smoke", "title", "Key endpoints answer");

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    ScheduledDeploymentStarter scheduler;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private WebTestClient.ResponseSpec send(String path, String who, Object body) {
        return DeployApi.send(web, path, who, body);
    }

    private void putPolicy(String env, Map<String, Object> policy) {
        DeployApi.putPolicy(web, env, policy);
    }

    private Map<String, Object> deploy(String app, String env, String version) {
        Map<String, Object> m = new HashMap<>(Map.of("application", app, "environment", env, "version", version,
                "strategy", "rolling", "executor", "simulated"));
        return body(send("/api/v1/deployments", ALICE, m).expectStatus().isCreated().expectBody(Map.class)
                .returnResult());
    }

    private Map<String, Object> confirm(String id, String item, String who, String comment) {
        return body(send("/api/v1/deployments/" + id + "/checklist/" + item + "/confirm", who,
                Map.of("comment", comment)).expectStatus().isOk().expectBody(Map.class).returnResult());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> checklist(Map<String, Object> deployment) {
        return (Map<String, Object>) deployment.get("checklist");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> item(Map<String, Object> deployment, String phase, String id) {
        return ((List<Map<String, Object>>) checklist(deployment).get(phase)).stream()
                .filter(i -> id.equals(i.get("id"))).findFirst().orElseThrow();
    }

    @Test
    void waitsOnAManualItemThenStartsAfterItsConfirmationAndTakesPostItemsAfterSuccess() {
        String app = app("chk");
        String env = env("chk");
        VersionServiceStub.put(app, "1.0.0", "[]");
        putPolicy(env, Map.of("checklist", Map.of("pre", List.of(TESTS_PASSED, VERSION_REGISTERED),
                "post", List.of(SMOKE))));

        var created = deploy(app, env, "1.0.0");
        String id = (String) created.get("id");
        assertThat(created).containsEntry("status", "PENDING")
                .containsEntry("currentStep", "waiting for checklist to confirm: tests-passed");
        assertThat(checklist(created)).containsEntry("complete", false)
                .containsEntry("waitingFor", "checklist to confirm: tests-passed");
        assertThat(item(created, "pre", "version-registered")).containsEntry("kind", "automatic")
                .containsEntry("status", "PASSED")
                .containsEntry("detail", "version 1.0.0 of " + app + " is registered in version-service");
        assertThat(item(created, "pre", "tests-passed")).containsEntry("kind", "manual").containsEntry("status", "OPEN")
                .containsEntry("confirm", "/api/v1/deployments/" + id + "/checklist/tests-passed/confirm");
        // post items wait for success
        assertThat(item(created, "post", "smoke")).containsEntry("status", "OPEN").doesNotContainKey("confirm");
        send("/api/v1/deployments/" + id + "/checklist/smoke/confirm", BOB, Map.of()).expectStatus().isEqualTo(409);

        // a round of the scheduler (which recovers lost launches) leaves it alone
        scheduler.round().block();
        assertThat(DeployApi.get(web, id)).containsEntry("status", "PENDING");

        var confirmed = confirm(id, "tests-passed", BOB, "CI run 4711 green");
        assertThat(item(confirmed, "pre", "tests-passed")).containsEntry("status", "CONFIRMED")
                .containsEntry("confirmedBy", "bob").containsEntry("comment", "CI run 4711 green");
        assertThat(checklist(confirmed)).containsEntry("complete", true);

        var done = awaitStatus(web, id, "SUCCEEDED");
        assertThat(item(done, "pre", "tests-passed")).containsEntry("confirmedBy", "bob");
        assertThat(item(done, "post", "smoke")).containsEntry("confirm",
                "/api/v1/deployments/" + id + "/checklist/smoke/confirm");
        var afterSmoke = confirm(id, "smoke", CAROL, "checkout and login answer 200");
        assertThat(item(afterSmoke, "post", "smoke")).containsEntry("status", "CONFIRMED")
                .containsEntry("confirmedBy", "carol");
        // once is enough; and a pre item is closed once the deployment ran
        send("/api/v1/deployments/" + id + "/checklist/smoke/confirm", BOB, Map.of()).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("confirmed already by carol"));
    }

    @Test
    void aFailingAutomaticItemBlocksWithTheReasonUntilEvaluatedAgain() {
        String app = app("chk-auto");
        String env = env("chk");
        putPolicy(env, Map.of("checklist", Map.of("pre", List.of(VERSION_REGISTERED))));

        var created = deploy(app, env, "7.7.7");
        String id = (String) created.get("id");
        String reason = "checklist version-registered failed: version 7.7.7 of " + app
                + " is not registered in version-service";
        assertThat(created).containsEntry("status", "PENDING").containsEntry("currentStep", "waiting for " + reason);
        assertThat(item(created, "pre", "version-registered")).containsEntry("status", "FAILED");
        // an automatic item is not confirmed by people
        send("/api/v1/deployments/" + id + "/checklist/version-registered/confirm", BOB, Map.of())
                .expectStatus().isEqualTo(409);

        // still not registered: evaluating again changes nothing
        var again = body(send("/api/v1/deployments/" + id + "/checklist/evaluate", BOB, Map.of()).expectStatus()
                .isOk().expectBody(Map.class).returnResult());
        assertThat(again).containsEntry("status", "PENDING").containsEntry("currentStep", "waiting for " + reason);

        VersionServiceStub.put(app, "7.7.7", "[]");
        var passed = body(send("/api/v1/deployments/" + id + "/checklist/evaluate", BOB, Map.of()).expectStatus()
                .isOk().expectBody(Map.class).returnResult());
        assertThat(item(passed, "pre", "version-registered")).containsEntry("status", "PASSED");
        awaitStatus(web, id, "SUCCEEDED");
    }

    @Test
    void approvalsAndTheChecklistBothGateTheStartAndEachConfirmationNamesItsPerson() {
        String app = app("chk-appr");
        String env = env("chk");
        putPolicy(env, Map.of("approvalsRequired", 1, "approverRole", "deployer",
                "checklist", Map.of("pre", List.of(TESTS_PASSED, Map.of("id", "backup-done", "title",
                        "Database backup taken")))));

        var created = deploy(app, env, "2.0.0");
        String id = (String) created.get("id");
        assertThat((String) created.get("currentStep")).startsWith("waiting for approval: ")
                .endsWith("; waiting for checklist to confirm: tests-passed, backup-done");

        var approved = body(send("/api/v1/deployments/" + id + "/approve", BOB, Map.of("comment", "ok"))
                .expectStatus().isOk().expectBody(Map.class).returnResult());
        assertThat(approved).containsEntry("status", "PENDING").containsEntry("currentStep",
                "approved by bob (1/1); waiting for checklist to confirm: tests-passed, backup-done");

        var one = confirm(id, "backup-done", CAROL, "snapshot 2026-11-23");
        assertThat(one).containsEntry("status", "PENDING")
                .containsEntry("currentStep", "waiting for checklist to confirm: tests-passed");
        confirm(id, "tests-passed", ALICE, "pipeline green");
        var done = awaitStatus(web, id, "SUCCEEDED");
        assertThat(item(done, "pre", "backup-done")).containsEntry("confirmedBy", "carol");
        assertThat(item(done, "pre", "tests-passed")).containsEntry("confirmedBy", "alice");
        var logged = web.get().uri("/api/v1/deployments/{id}/logs", id).header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(logged).contains("checklist item 'backup-done' confirmed by carol: snapshot 2026-11-23");
    }

    @Test
    void aCompletedChecklistWhoseLaunchWasLostIsStartedByTheScheduler() {
        String app = app("chk-lost");
        String env = env("chk");
        putPolicy(env, Map.of("checklist", Map.of("pre", List.of(TESTS_PASSED))));
        String id = (String) deploy(app, env, "3.0.0").get("id");
        // the instance that took the confirmation committed it and died before launching
        db.sql("UPDATE checklist_items SET status = 'CONFIRMED', confirmed_by = 'dave' WHERE deployment_id = :id")
                .bind("id", UUID.fromString(id)).then().block();
        awaitStatus(web, id, "SUCCEEDED");
    }

    @Test
    void badChecklistInputIsAProblemNamingEveryField() {
        String env = env("chk-bad");
        web.put().uri("/api/v1/environments/{env}/policy", env).header(IdentityCodec.HEADER, ROOT)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("checklist", Map.of(
                        "pre", List.of(Map.of("id", "Tests Passed", "title", "x"), Map.of("id", "a", "title", ""),
                                Map.of("id", "b", "title", "b", "check", "coffee-made"),
                                Map.of("id", "c", "title", "c", "check", "previous-environment-healthy")),
                        "post", List.of(Map.of("id", "a", "title", "again", "check", "version-exists")))))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                .jsonPath("$.errors[*].field").isEqualTo(List.of("checklist.pre[0].id", "checklist.pre[1].title",
                        "checklist.pre[2].check", "checklist.pre[3].check", "checklist.post[0].id",
                        "checklist.post[0].check"));

        putPolicy(env, Map.of("checklist", Map.of("pre", List.of(TESTS_PASSED))));
        String id = (String) deploy(app("chk-bad"), env, "1.0.0").get("id");
        send("/api/v1/deployments/" + id + "/checklist/no-such-item/confirm", BOB, Map.of())
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("deployment " + id
                        + " has no checklist item 'no-such-item' (its items: tests-passed)");
        send("/api/v1/deployments/" + id + "/checklist/tests-passed/confirm", BOB, Map.of("comment", "x".repeat(1001)))
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("comment");
        web.post().uri("/api/v1/deployments/{id}/checklist/tests-passed/confirm", id).exchange()
                .expectStatus().isUnauthorized();
        send("/api/v1/deployments/" + id + "/checklist/evaluate", BOB, Map.of()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.detail").isEqualTo("deployment " + id + " has no automatic checklist items");
        send("/api/v1/deployments/" + id + "/cancel", ALICE, Map.of()).expectStatus().isOk();
    }
}
