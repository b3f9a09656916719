package io.releasecontrol.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.command.StartDeployment;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import io.releasecontrol.runtime.identity.IdentityCodec;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The rollback API: manual rollback, lists and their filters, and precise problem+json for bad requests. */
class RollbackApiIT extends OrchestratorIT {

    @LocalServerPort
    int port;

    @Test
    @SuppressWarnings("unchecked")
    void aManualRollbackStartsTheSameSagaOnceAndASecondOneIsAConflict() {
        Target t = new Target("manual", "staging");
        DeploymentId current = deployment();
        send(t.deployed(deployment(), "1.2.0", null));
        send(t.deployed(current, "1.3.0", "1.2.0"));
        awaitDeployment(t, current, "SUCCEEDED");

        var body = Map.of("application", t.application, "environment", "staging", "reason", "checkout is slow");
        Map<String, Object> saga = post("/api/v1/rollbacks", "deployer", body).expectStatus().isCreated()
                .expectHeader().value("Location", l -> assertThat(l).startsWith("/api/v1/rollbacks/"))
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(saga).containsEntry("cause", "manual").containsEntry("targetVersion", "1.2.0")
                .containsEntry("status", "RUNNING").containsEntry("requestedBy", "alice");
        assertThat((List<String>) ((Map<String, Object>) saga.get("decision")).get("reasons"))
                .anyMatch(r -> r.contains("manual rollback requested by alice: checkout is slow"));
        var start = (StartDeployment) commands(t, 1, Duration.ZERO).get(0).data();
        assertThat(start.version()).isEqualTo("1.2.0");
        assertThat(start.rollbackOf()).isEqualTo(current);

        post("/api/v1/rollbacks", "deployer", body).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith("application/problem+json")
                .expectBody().jsonPath("$.runningSagaId").isEqualTo(saga.get("id"));
        assertThat(sagas(t)).hasSize(1);
        assertThat(list(t)).containsEntry("total", 1).containsEntry("page", 0).containsEntry("size", 50);
        assertThat((List<?>) web.get().uri("/api/v1/rollbacks?application={a}&status=COMPLETED", t.application)
                .header(IdentityCodec.HEADER, viewer())
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items"))
                .isEmpty();
    }

    @Test
    void concurrentManualRollbacksOfOneTargetStartOneSaga() {
        Target t = new Target("race", "staging");
        DeploymentId current = deployment();
        send(t.deployed(deployment(), "1.0.0", null));
        send(t.deployed(current, "1.1.0", "1.0.0"));
        awaitDeployment(t, current, "SUCCEEDED");

        var body = Map.of("application", t.application, "environment", "staging", "reason", "race");
        List<Integer> statuses = Flux.range(0, 10)
                .flatMap(i -> WebClient.create("http://127.0.0.1:" + port).post().uri("/api/v1/rollbacks")
                        .header(IdentityCodec.HEADER, IDENTITY.sign("alice", List.of("deployer")))
                        .bodyValue(body).exchangeToMono(r -> Mono.just(r.statusCode().value())), 10)
                .collectList().block(Duration.ofSeconds(60));
        // the partial unique index decides: one saga, every other request a conflict naming it
        assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
        assertThat(sagas(t)).hasSize(1);
        assertThat(commandsWithin(t, Duration.ofSeconds(3))).hasSize(1);
    }

    @Test
    void aManualRollbackWithNothingToRollBackToIsUnprocessable() {
        Target t = new Target("nothing", "staging");
        post("/api/v1/rollbacks", "deployer", Map.of("application", t.application, "environment", "staging",
                "reason", "try")).expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("no last good version"));
        assertThat(sagas(t)).isEmpty();
    }

    @Test
    void refusesBadRequestsWithPreciseProblems() {
        var bad = new HashMap<String, Object>();
        bad.put("application", "Shop!");
        bad.put("targetVersion", "1.0.0; rm -rf");
        post("/api/v1/rollbacks", "deployer", bad).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith("application/problem+json")
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'application')].message").value(m -> assertThat(m.toString())
                        .contains("must match"))
                .jsonPath("$.errors[?(@.field == 'environment')].message").value(m -> assertThat(m.toString())
                        .contains("is required"))
                .jsonPath("$.errors[?(@.field == 'targetVersion')]").exists()
                .jsonPath("$.errors[?(@.field == 'reason')]").exists();
        post("/api/v1/rollbacks", null, Map.of()).expectStatus().isUnauthorized();
        post("/api/v1/rollbacks", "viewer", Map.of()).expectStatus().isForbidden();
        post("/api/v1/rollbacks/" + UUID.randomUUID() + "/abort", "deployer", null).expectStatus().isForbidden();
        post("/api/v1/rollbacks/" + UUID.randomUUID() + "/approve", "admin", null).expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith("application/problem+json");
        web.get().uri("/api/v1/rollbacks/not-a-uuid")
                .header(IdentityCodec.HEADER, viewer()).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("id");
        web.get().uri("/api/v1/rollbacks?status=DONE")
                .header(IdentityCodec.HEADER, viewer()).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
        web.get().uri("/api/v1/rollbacks?size=0")
                .header(IdentityCodec.HEADER, viewer()).exchange().expectStatus().isBadRequest();
        web.get().uri("/v3/api-docs")
                .header(IdentityCodec.HEADER, viewer()).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/v1/rollbacks/{id}/confirm-repair']").exists();
    }
}
