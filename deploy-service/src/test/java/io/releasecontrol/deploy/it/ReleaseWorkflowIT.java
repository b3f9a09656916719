package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static io.releasecontrol.deploy.it.DeployApi.body;
import static io.releasecontrol.deploy.it.DeployApi.env;
import static io.releasecontrol.deploy.it.DeployApi.create;
import static io.releasecontrol.deploy.it.DeployApi.deploymentEvents;
import static io.releasecontrol.deploy.it.DeployApi.identity;
import static io.releasecontrol.deploy.it.DeployApi.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.deployment.DeployApprovalRequested;
import io.releasecontrol.events.deployment.DeployRejected;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The release workflow against the real database and broker: environment policies, promotions
 * with soak time, freeze windows with hotfixes, approvals (approve, reject, expiry). Every test uses
 * environments of its own, so its policies touch no other test.
 */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class ReleaseWorkflowIT {

    private static final String ALICE = identity("alice", "deployer");
    private static final String BOB = identity("bob", "deployer");
    private static final String ROOT = identity("root", "admin");
    private static final String ROOT2 = identity("ops-lead", "admin");
    /** Weekly, every day, all day: a freeze window that is always in force. */
    private static final Map<String, Object> ALWAYS_FROZEN = Map.of("name", "change-freeze", "zone", "Europe/Berlin",
            "days", List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"), "from", "00:00", "to", "00:00",
            "reason", "year-end sales");

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;

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

    private Map<String, Object> deployAs(String who, Map<String, Object> request) {
        return body(send("/api/v1/deployments", who, request).expectStatus().isCreated().expectBody(Map.class)
                .returnResult());
    }

    private static Map<String, Object> deployment(String app, String env, String version) {
        Map<String, Object> m = new HashMap<>(Map.of("application", app, "environment", env, "version", version,
                "strategy", "rolling", "executor", "simulated"));
        return m;
    }

    // --- policy ------------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void policiesHaveDefaultsAreValidatedAndOnlyAdminsChangeThem() {
        var production = body(web.get().uri("/api/v1/environments/production/policy")
                .header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult());
        assertThat(production).containsEntry("requiredPreceding", "staging").containsEntry("minimumSoak", "PT10M")
                .containsEntry("approvalsRequired", 1).containsEntry("approverRole", "admin")
                .containsEntry("source", "default")
                .containsEntry("allowedStrategies", List.of("rolling", "blue-green", "canary"));
        web.get().uri("/api/v1/environments/development/policy").header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.requiredPreceding").doesNotExist().jsonPath("$.approvalsRequired").isEqualTo(0);

        String env = env("pol");
        web.put().uri("/api/v1/environments/{env}/policy", env).header(IdentityCodec.HEADER, ALICE)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("approvalsRequired", 1)).exchange()
                .expectStatus().isForbidden();
        web.put().uri("/api/v1/environments/{env}/policy", env).header(IdentityCodec.HEADER, ROOT)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("requiredPreceding", env, "minimumSoak", "ten minutes", "approvalsRequired", -1,
                        "allowedStrategies", List.of("big-bang"),
                        "freezeWindows", List.of(Map.of("name", "x", "zone", "Mars/Olympus", "days", List.of("FUNDAY"),
                                "from", "18:00", "to", "late"), Map.of("name", "y", "zone", "UTC",
                                "start", "2026-12-24", "end", "2026-12-20"))))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                .jsonPath("$.errors[*].field").isEqualTo(List.of("requiredPreceding", "minimumSoak", "approvalsRequired",
                        "allowedStrategies[0]", "freezeWindows[0].zone", "freezeWindows[0].days[0]", "freezeWindows[0].to",
                        "freezeWindows[1].end"));

        putPolicy(env, Map.of("requiredPreceding", "qa", "minimumSoak", "PT1H", "approvalsRequired", 2,
                "allowedStrategies", List.of("canary"), "freezeWindows", List.of(Map.of("name", "xmas",
                        "zone", "Europe/Berlin", "start", "2020-12-24", "end", "2020-12-26"))));
        var stored = body(web.get().uri("/api/v1/environments/{env}/policy", env)
                .header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult());
        assertThat(stored).containsEntry("source", "stored").containsEntry("updatedBy", "root")
                .containsEntry("approvalsRequired", 2).containsEntry("allowedStrategies", List.of("canary"));
        assertThat(stored.get("activeFreezeWindow")).as("the window is over").isNull();
        assertThat((List<Map<String, Object>>) stored.get("freezeWindows")).singleElement()
                .satisfies(w -> assertThat(w).containsEntry("start", "2020-12-24T00:00")
                        .containsEntry("end", "2020-12-27T00:00"));

        // a strategy the policy does not allow is refused before anything is written
        send("/api/v1/deployments", ALICE, deployment(app("pol"), env, "1.0.0")).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.allowedStrategies[0]").isEqualTo("canary");
    }

    // --- promotion ---------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void promotionIsRefusedBeforeTheSoakTimeAndAcceptedAfter() {
        String app = app("promo");
        String source = env("qa");
        String target = env("live");
        putPolicy(target, Map.of("requiredPreceding", source, "minimumSoak", "PT4S"));
        Map<String, Object> promotion = Map.of("application", app, "version", "2.0.0", "from", source, "to", target,
                "strategy", "rolling", "executor", "simulated");

        // never deployed there, and from the wrong environment: every unmet condition is listed
        var wrong = new HashMap<>(promotion);
        wrong.put("from", "elsewhere");
        var refused = body(send("/api/v1/promotions", ALICE, wrong).expectStatus().isEqualTo(422)
                .expectBody(Map.class).returnResult());
        assertThat((List<Map<String, Object>>) refused.get("unmet")).extracting(u -> u.get("condition"))
                .containsExactly("preceding-environment", "succeeded-in-source");

        String sourceId = create(web, deployment(app, source, "2.0.0"));
        var succeeded = awaitStatus(web, sourceId, "SUCCEEDED");
        Instant succeededAt = Instant.parse((String) succeeded.get("completedAt"));

        AtomicReference<Map<String, Object>> accepted = new AtomicReference<>();
        List<Object> refusals = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var result = send("/api/v1/promotions", ALICE, promotion).expectBody(Map.class).returnResult();
            if (result.getStatus().value() == 201) {
                accepted.set(body(result));
                return true;
            }
            assertThat(result.getStatus().value()).isEqualTo(422);
            refusals.add(body(result).get("unmet"));
            return false;
        });
        Instant acceptedAt = Instant.parse((String) accepted.get().get("createdAt"));
        assertThat(acceptedAt).isAfterOrEqualTo(succeededAt.plusSeconds(4));
        assertThat(refusals).as("refused while the version soaked").isNotEmpty()
                .allSatisfy(u -> assertThat((List<Map<String, Object>>) u).extracting(x -> x.get("condition"))
                        .containsExactly("soak-time"));
        var promoted = awaitStatus(web, (String) accepted.get().get("id"), "SUCCEEDED");
        assertThat(promoted).containsEntry("environment", target).containsEntry("version", "2.0.0");
        assertThat((Map<String, Object>) promoted.get("options")).containsEntry("description",
                "promoted from " + source + " (deployment " + sourceId + ")");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aVersionRolledBackInTheSourceIsNotPromoted() {
        String app = app("promo-rb");
        String source = env("qa");
        String target = env("live");
        putPolicy(target, Map.of("requiredPreceding", source));
        awaitStatus(web, create(web, deployment(app, source, "1.0.0")), "SUCCEEDED");
        String bad = create(web, deployment(app, source, "1.1.0"));
        awaitStatus(web, bad, "SUCCEEDED");
        var rollback = deployment(app, source, "1.0.0");
        rollback.put("rollbackOf", bad);
        awaitStatus(web, create(web, rollback), "SUCCEEDED");

        var refused = body(send("/api/v1/promotions", ALICE, Map.of("application", app, "version", "1.1.0",
                "from", source, "to", target)).expectStatus().isEqualTo(422).expectBody(Map.class).returnResult());
        assertThat((List<Map<String, Object>>) refused.get("unmet")).extracting(u -> u.get("condition"))
                .containsExactly("not-rolled-back");
        send("/api/v1/promotions", ALICE, Map.of("application", app, "version", "1.0.0", "from", source,
                "to", target, "executor", "simulated")).expectStatus().isCreated();
    }

    // --- freeze windows ----------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void aFreezeWindowRefusesANormalDeploymentAndAdmitsAHotfixAfterAnAdminApproval() {
        String app = app("freeze");
        String env = env("frozen");
        putPolicy(env, Map.of("freezeWindows", List.of(ALWAYS_FROZEN)));

        send("/api/v1/deployments", ALICE, deployment(app, env, "3.0.0")).expectStatus().isEqualTo(423)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/freeze-window")
                .jsonPath("$.freezeWindow").isEqualTo("change-freeze")
                .jsonPath("$.reason").isEqualTo("year-end sales")
                .jsonPath("$.until").exists();
        var hotfix = deployment(app, env, "3.0.1");
        hotfix.put("hotfix", true);
        send("/api/v1/deployments", ALICE, hotfix).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("reason");
        hotfix.put("reason", "payment outage CVE-2026-1234");

        var waiting = deployAs(ALICE, hotfix);
        String id = (String) waiting.get("id");
        assertThat(waiting).containsEntry("status", "PENDING").containsEntry("hotfix", true)
                .containsEntry("hotfixReason", "payment outage CVE-2026-1234");
        assertThat((String) waiting.get("currentStep")).startsWith("waiting for approval: hotfix during freeze"
                + " window 'change-freeze'");
        assertThat((Map<String, Object>) waiting.get("approval")).containsEntry("status", "WAITING")
                .containsEntry("required", 1).containsEntry("approverRole", "admin")
                .containsEntry("freezeWindow", "change-freeze");

        // a deployer may not approve a freeze-window hotfix; an admin may
        send("/api/v1/deployments/" + id + "/approve", BOB, Map.of()).expectStatus().isForbidden();
        assertThat(DeployApi.get(web, id)).containsEntry("status", "PENDING");
        send("/api/v1/deployments/" + id + "/approve", ROOT, Map.of("comment", "fix verified on staging"))
                .expectStatus().isOk();
        var done = awaitStatus(web, id, "SUCCEEDED");
        assertThat((Map<String, Object>) done.get("approval")).containsEntry("status", "APPROVED")
                .containsEntry("approvals", 1);
        assertThat(types(deploymentEvents(app, env, 5, Duration.ofMillis(500))).subList(0, 4))
                .containsExactly("DeployRequested", "DeployApprovalRequested", "DeployApproved", "DeployStarted");
    }

    @Test
    void anAdminCannotApproveTheirOwnHotfix() {
        String app = app("freeze-own");
        String env = env("frozen");
        putPolicy(env, Map.of("freezeWindows", List.of(ALWAYS_FROZEN)));
        var hotfix = deployment(app, env, "3.0.1");
        hotfix.put("hotfix", true);
        hotfix.put("reason", "data loss");
        String id = (String) deployAs(ROOT, hotfix).get("id");

        send("/api/v1/deployments/" + id + "/approve", ROOT, Map.of()).expectStatus().isForbidden().expectBody()
                .jsonPath("$.detail").isEqualTo("root requested deployment " + id
                        + " and so cannot approve it (another approver must)");
        send("/api/v1/deployments/" + id + "/approve", ROOT2, Map.of()).expectStatus().isOk();
        awaitStatus(web, id, "SUCCEEDED");
    }

    // --- approvals ---------------------------------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void aDeploymentWaitsForItsApprovalsAndStartsAfterThem() {
        String app = app("approve");
        String env = env("gated");
        putPolicy(env, Map.of("approvalsRequired", 2, "approverRole", "deployer"));
        var waiting = deployAs(ALICE, deployment(app, env, "4.0.0"));
        String id = (String) waiting.get("id");
        assertThat((String) waiting.get("currentStep")).isEqualTo("waiting for approval: environment " + env
                + " requires 2 approval(s) by deployer (never the requester)");
        assertThat((Map<String, String>) waiting.get("links")).containsKeys("approve", "reject");

        // it holds the target while it waits
        send("/api/v1/deployments", BOB, deployment(app, env, "4.0.1")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.runningDeploymentId").isEqualTo(id);
        send("/api/v1/deployments/" + id + "/approve", ALICE, Map.of()).expectStatus().isForbidden();
        send("/api/v1/deployments/" + id + "/approve", BOB, Map.of("comment", "looks good")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("PENDING").jsonPath("$.approval.approvals").isEqualTo(1);
        send("/api/v1/deployments/" + id + "/approve", BOB, Map.of()).expectStatus().isEqualTo(409);
        assertThat(DeployApi.get(web, id)).containsEntry("status", "PENDING");

        send("/api/v1/deployments/" + id + "/approve", ROOT, Map.of()).expectStatus().isOk();
        var done = awaitStatus(web, id, "SUCCEEDED");
        assertThat((List<Map<String, Object>>) ((Map<String, Object>) done.get("approval")).get("decisions"))
                .extracting(v -> v.get("voter")).containsExactly("bob", "root");
        send("/api/v1/deployments/" + id + "/approve", ROOT2, Map.of()).expectStatus().isEqualTo(409);
    }

    @Test
    void anApprovedDeploymentWhoseInstanceDiedBeforeStartingItIsStartedByAnother() {
        String app = app("approve-crash");
        String env = env("gated");
        putPolicy(env, Map.of("approvalsRequired", 1));
        String id = (String) deployAs(ALICE, deployment(app, env, "4.5.0")).get("id");

        // the last approval committed, then its instance died before it launched the runner
        db.sql("UPDATE approval_gates SET status = 'APPROVED', decided_at = now() WHERE deployment_id = :id")
                .bind("id", UUID.fromString(id)).then().block(Duration.ofSeconds(10));
        assertThat(DeployApi.get(web, id)).containsEntry("status", "PENDING");

        // after the claim lease (PT3S in these tests) the deployment is claimed and started
        awaitStatus(web, id, "SUCCEEDED");
    }

    @Test
    void aRejectedDeploymentIsCancelledWithTheReason() {
        String app = app("reject");
        String env = env("gated");
        putPolicy(env, Map.of("approvalsRequired", 1));
        String id = (String) deployAs(ALICE, deployment(app, env, "5.0.0")).get("id");

        send("/api/v1/deployments/" + id + "/reject", ROOT, Map.of()).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("comment");
        send("/api/v1/deployments/" + id + "/reject", ROOT, Map.of("comment", "no backup taken")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED")
                .jsonPath("$.failureReason").isEqualTo("rejected by root: no backup taken")
                .jsonPath("$.approval.status").isEqualTo("REJECTED");

        var events = deploymentEvents(app, env, 4, Duration.ofMillis(500));
        assertThat(types(events)).containsExactly("DeployRequested", "DeployApprovalRequested", "DeployRejected",
                "DeployCancelled");
        assertThat(((DeployRejected) events.get(2).data()).comment()).isEqualTo("no backup taken");
        assertThat(((DeployApprovalRequested) events.get(1).data()).approvalsRequired()).isEqualTo(1);
        // the target is free again
        send("/api/v1/deployments", ALICE, deployment(app, env, "5.0.1")).expectStatus().isCreated();
    }

    @Test
    void aDeploymentNotApprovedInTimeExpires() {
        String app = app("expire");
        String env = env("gated");
        putPolicy(env, Map.of("approvalsRequired", 1, "approvalTimeout", "PT2S"));
        String id = (String) deployAs(ALICE, deployment(app, env, "6.0.0")).get("id");

        var expired = awaitStatus(web, id, "CANCELLED");
        assertThat((String) expired.get("failureReason")).startsWith("approval expired at ")
                .endsWith("0 of 1 approval(s) came in time");
        send("/api/v1/deployments/" + id + "/approve", ROOT, Map.of()).expectStatus().isEqualTo(409);
        assertThat(types(deploymentEvents(app, env, 3, Duration.ofMillis(500)))).containsExactly("DeployRequested",
                "DeployApprovalRequested", "DeployCancelled");
    }
}
