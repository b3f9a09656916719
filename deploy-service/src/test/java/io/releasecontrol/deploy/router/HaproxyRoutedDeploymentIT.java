package io.releasecontrol.deploy.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.deploy.it.DeployApi;
import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.command.ShiftTraffic;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A canary deployment in an environment with a HAProxy router (deploy-it.properties, "routed"): its
 * traffic steps set the real weights, the orchestrator's ShiftTraffic to 0 (the partial rollback)
 * takes the canary's share away, and a router that does not answer fails the step with its reason.
 */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class HaproxyRoutedDeploymentIT {

    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"), "rc-router-it");
    private static final String BACKEND = "rc_routed-shop_routed";
    private static Process haproxy;

    @Autowired
    WebTestClient web;
    @Autowired
    @Qualifier("outboxKafkaTemplate")
    KafkaTemplate<String, byte[]> kafka;

    @BeforeAll
    static void startHaproxy() throws Exception {
        String binary = HaproxyRouterIT.haproxyBinary();
        Files.createDirectories(DIR);
        for (String f : List.of("admin.sock", "master.sock", "canary.map")) {
            Files.deleteIfExists(DIR.resolve(f));
        }
        Files.writeString(DIR.resolve("global.cfg"), HaproxyRouterIT.prelude(DIR.resolve("admin.sock")));
        // no backend yet: the first traffic step writes it (a checked reload)
        Files.writeString(DIR.resolve("backends.cfg"), "");
        haproxy = new ProcessBuilder(binary, "-W", "-S", DIR.resolve("master.sock").toString(),
                "-f", DIR.resolve("global.cfg").toString(), "-f", DIR.resolve("backends.cfg").toString())
                .redirectErrorStream(true).redirectOutput(DIR.resolve("haproxy.log").toFile()).start();
        var stats = new RuntimeApi(DIR.resolve("admin.sock"), Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> stats.info().containsKey("Pid"));
    }

    @AfterAll
    static void stopHaproxy() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor();
        }
    }

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void theCanarysStepsAndThePartialRollbackMoveHaproxysWeights() throws Exception {
        var stats = new RuntimeApi(DIR.resolve("admin.sock"), Duration.ofSeconds(2));
        String id = DeployApi.create(web, Map.of("application", "routed-shop", "environment", "routed",
                "version", "2.0.0", "strategy", "canary", "canary", Map.of("steps", List.of(20, 100),
                        "pause", "manual", "routing", Map.of("regions", List.of("eu-west"), "cookie", "canary=1"))));
        // held at 20 % until promoted
        await().atMost(Duration.ofSeconds(30)).until(() -> Map.of("stable", 80, "canary", 20)
                .equals(DeployApi.get(web, id).get("traffic")));
        assertThat(stats.weight(BACKEND, "canary")).isEqualTo(20);
        assertThat(stats.weight(BACKEND, "stable")).isEqualTo(80);
        assertThat(stats.mapValue(DIR.resolve("canary.map"), BACKEND)).isEqualTo("20");
        assertThat(Files.readString(DIR.resolve("backends.cfg"))).contains("regions=eu-west cookie=canary=1");

        var command = EventEnvelope.of("/release-control/rollback-orchestrator", new ShiftTraffic(
                "saga-routed/partial", DeploymentId.of(id), "routed-shop", "routed", 0, "error rate above 5 %", null));
        kafka.send(new ProducerRecord<>(Topics.DEPLOY_COMMANDS, command.key(),
                EventCodec.toJson(command).getBytes(StandardCharsets.UTF_8))).get();
        await().atMost(Duration.ofSeconds(20)).until(() -> "PAUSED".equals(DeployApi.get(web, id).get("status")));
        assertThat(stats.weight(BACKEND, "canary")).isZero();
        assertThat(stats.weight(BACKEND, "stable")).isEqualTo(100);
        assertThat(stats.mapValue(DIR.resolve("canary.map"), BACKEND)).isEqualTo("0");
        // written back: a reload or restart of haproxy keeps the canary at 0
        assertThat(Files.readString(DIR.resolve("canary.map"))).contains(BACKEND + " 0");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCanaryAtAHundredIsPromotedToTheStableServersAndTheTrafficGoesBackToThem() throws Exception {
        var stats = new RuntimeApi(DIR.resolve("admin.sock"), Duration.ofSeconds(2));
        String backend = "rc_promoted-shop_routed";
        String id = DeployApi.create(web, Map.of("application", "promoted-shop", "environment", "routed",
                "version", "3.0.0", "strategy", "canary", "canary", Map.of("steps", List.of(50, 100),
                        "pause", "PT0.1S")));
        Map<String, Object> done = DeployApi.awaitStatus(web, id, "SUCCEEDED");
        // the new version runs on the stable servers now, with all the traffic; the canary server is idle
        assertThat(done.get("traffic")).isEqualTo(Map.of("stable", 0, "canary", 100));
        assertThat(stats.weight(backend, "stable")).isEqualTo(100);
        assertThat(stats.weight(backend, "canary")).isZero();
        assertThat(stats.mapValue(DIR.resolve("canary.map"), backend)).isEqualTo("0");

        List<Map<String, Object>> lines = (List<Map<String, Object>>) web.get()
                .uri("/api/v1/deployments/{id}/logs", id)
                .header(io.releasecontrol.runtime.identity.IdentityCodec.HEADER, DeployApi.viewer())
                .accept(org.springframework.http.MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items");
        List<String> text = lines.stream().map(l -> String.valueOf(l.get("line"))).toList();
        // the executor installs first (the script gets RC_ROUTER_STABLE), then the router moves the traffic
        int install = indexOf(text, "installing 3.0.0 on the stable servers (127.0.0.1:11)");
        int moved = indexOf(text, "promoted 3.0.0 to the stable servers: haproxy " + backend
                + ": canary weight from 100 -> 0");
        assertThat(install).as(String.join("\n", text)).isNotNegative();
        assertThat(moved).isGreaterThan(install);
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aRouterThatDoesNotAnswerFailsTheStepWithItsReason() {
        String id = DeployApi.create(web, Map.of("application", "down-shop", "environment", "routed-down",
                "version", "2.0.0", "strategy", "canary", "canary", Map.of("steps", List.of(50, 100), "pause",
                        "PT0.1S")));
        Map<String, Object> failed = DeployApi.awaitStatus(web, id, "FAILED");
        assertThat(String.valueOf(failed.get("failureReason"))).contains("traffic router:", "nobody.sock",
                "is not answering");
    }
}
