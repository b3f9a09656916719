package io.releasecontrol.deploy.router;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Benchmark, not a test: prints figures, asserts nothing about speed. The partial rollback's path
 * inside deploy-service, many times: a {@code ShiftTraffic} to 0 produced to {@code rc.deploy-commands}
 * → deploy-service's command listener → the HAProxy router → the canary's weight 0 on HAProxy's
 * runtime API (polled every millisecond by the benchmark). Each round is a fresh canary held at 20 %,
 * cancelled afterwards. Run it alone with {@code ./mvnw -B -o -pl deploy-service verify
 * -Dit.test=RouterCommandBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbenchmark=true [-Dbenchmark.rounds=50]}; figures also go to {@code target/router-benchmark.txt}.
 */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class RouterCommandBenchmarkIT {

    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 50);
    private static final String APP = "bench-shop";
    private static final String BACKEND = "rc_bench-shop_routed";

    @Autowired
    WebTestClient web;
    @Autowired
    @Qualifier("outboxKafkaTemplate")
    KafkaTemplate<String, byte[]> kafka;

    @BeforeAll
    static void startHaproxy() throws Exception {
        HaproxyRoutedDeploymentIT.startHaproxy();
    }

    @AfterAll
    static void stopHaproxy() throws Exception {
        HaproxyRoutedDeploymentIT.stopHaproxy();
    }

    @Test
    void commandToWeightApplied() throws Exception {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        var stats = new RuntimeApi(Path.of(System.getProperty("java.io.tmpdir"), "rc-router-it", "admin.sock"),
                Duration.ofSeconds(2));
        List<Double> millis = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String id = DeployApi.create(web, Map.of("application", APP, "environment", "routed",
                    "version", "2.0." + round, "strategy", "canary", "canary", Map.of("steps", List.of(20, 100),
                            "pause", "manual")));
            await("canary at 20 % in round " + round).atMost(Duration.ofSeconds(30))
                    .until(() -> weight(stats, "canary") == 20);
            var command = EventEnvelope.of("/release-control/rollback-orchestrator", new ShiftTraffic(
                    "saga-bench-" + round + "/partial", DeploymentId.of(id), APP, "routed", 0, "benchmark", null));
            byte[] json = EventCodec.toJson(command).getBytes(StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            kafka.send(new ProducerRecord<>(Topics.DEPLOY_COMMANDS, command.key(), json));
            while (weight(stats, "canary") != 0) {
                if (System.nanoTime() - t0 > Duration.ofSeconds(30).toNanos()) {
                    throw new AssertionError("round " + round + ": the canary's weight never reached 0");
                }
                Thread.sleep(0, 200_000);
            }
            millis.add((System.nanoTime() - t0) / 1e6);
            await("partial rollback recorded in round " + round).atMost(Duration.ofSeconds(30))
                    .until(() -> "PAUSED".equals(DeployApi.get(web, id).get("status")));
            DeployApi.post(web, "/api/v1/deployments/" + id + "/cancel", Map.of()).expectStatus().is2xxSuccessful();
            await("cancelled in round " + round).atMost(Duration.ofSeconds(30))
                    .until(() -> "CANCELLED".equals(DeployApi.get(web, id).get("status")));
        }
        List<Double> warm = new ArrayList<>(millis.subList(1, millis.size()));
        Collections.sort(warm);
        String report = String.format(Locale.ROOT, "router benchmark: ShiftTraffic to 0 on rc.deploy-commands -> the"
                        + " canary's weight 0 on HAProxy, %d rounds: first %.1f ms; the other %d: p50 %.1f ms, p90 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms (load average %s)%n", ROUNDS, millis.get(0), warm.size(),
                at(warm, 0.50), at(warm, 0.90), at(warm, 0.99), warm.get(warm.size() - 1),
                Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.print(report);
        Files.writeString(Path.of("target/router-benchmark.txt"), report);
    }

    private static int weight(RuntimeApi stats, String server) {
        try {
            return stats.weight(BACKEND, server);
        } catch (RuntimeException e) {
            return -1; // the backend is written by the first traffic step
        }
    }

    private static double at(List<Double> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
