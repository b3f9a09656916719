package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;

import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.executor.OutputLine;
import io.releasecontrol.deploy.log.LogService;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/**
 * Benchmark, not a test: prints figures, asserts nothing about speed. Run it with
 * {@code ./mvnw -B -o -pl deploy-service verify -Dit.test=DeployBenchmarkIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true}; figures also go to
 * {@code target/benchmark.txt}.
 */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class DeployBenchmarkIT {

    private static final int DEPLOYMENTS = Integer.getInteger("benchmark.deployments", 300);
    private static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 16);
    private static final int LINES = Integer.getInteger("benchmark.lines", 300);

    @Autowired
    WebServerApplicationContext server;
    @Autowired
    WebTestClient web;
    @Autowired
    DeploymentService deployments;
    @Autowired
    LogService logs;

    @Test
    void deploymentsStartedPerSecondAndSseLatency() throws Exception {
        var client = WebClient.create("http://127.0.0.1:" + server.getWebServer().getPort());
        String identity = DeployApi.deployer();
        List<String> report = new ArrayList<>();

        // warm-up: pools, JIT
        startMany(client, identity, 40);
        long t0 = System.nanoTime();
        long created = startMany(client, identity, DEPLOYMENTS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        report.add(String.format("deployments started: %d in %.2f s with %d concurrent clients = %.1f /s (201 Created,"
                + " row + DeployRequested in the outbox, runner launched)", created, seconds, CONCURRENCY,
                created / seconds));

        long finished = System.nanoTime();
        awaitIdle();
        report.add(String.format("all of them finished (rolling, simulated, 4 steps each) %.1f s after the last was"
                + " started", (System.nanoTime() - finished) / 1e9));

        // measured on an idle service: latency of the stream itself, not of 300 runners' database traffic
        report.add(sseLatency(client, identity));
        report.forEach(System.out::println);
        Files.write(Path.of("target", "benchmark.txt"), report);
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline && (active("PENDING") + active("RUNNING")) > 0) {
            Thread.sleep(500);
        }
    }

    @SuppressWarnings("unchecked")
    private long active(String status) {
        Map<String, Object> page = web.mutate().responseTimeout(Duration.ofSeconds(30)).build().get()
                .uri("/api/v1/deployments?status={s}&size=1", status).header(IdentityCodec.HEADER, DeployApi.viewer())
                        .exchange().expectBody(Map.class)
                .returnResult().getResponseBody();
        return ((Number) page.get("total")).longValue();
    }

    private long startMany(WebClient client, String identity, int n) {
        return Flux.range(0, n).flatMap(i -> client.post().uri("/api/v1/deployments")
                        .header(IdentityCodec.HEADER, identity).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("application", app("bench"), "environment", "staging", "version", "1.0.0"))
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), CONCURRENCY)
                .filter(s -> s == 201).count().block(Duration.ofMinutes(5));
    }

    /** From the line's commit being asked for (LogService.append) to its arrival at an SSE client. */
    private String sseLatency(WebClient client, String identity) throws Exception {
        String id = DeployApi.create(web, Map.of("application", app("bench-sse"), "environment", "staging",
                "version", "1.0.0", "strategy", "canary", "canary", Map.of("steps", List.of(10, 100), "pause", "manual")));
        var spec = deployments.find(UUID.fromString(id)).block().spec();
        List<Long> latenciesMicros = new CopyOnWriteArrayList<>();
        CountDownLatch received = new CountDownLatch(LINES);
        var subscription = client.get().uri("/api/v1/deployments/{id}/logs", id)
                .header(IdentityCodec.HEADER, DeployApi.viewer()).accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() { })
                .filter(e -> "line".equals(e.event()) && ((String) e.data().get("line")).startsWith("bench "))
                .subscribe(e -> {
                    long sent = Long.parseLong(((String) e.data().get("line")).substring(6));
                    latenciesMicros.add((System.nanoTime() - sent) / 1000);
                    received.countDown();
                });
        Thread.sleep(1000); // the stream is open and has caught up
        for (int i = 0; i < LINES; i++) {
            logs.append(spec, List.of(OutputLine.stdout("bench " + System.nanoTime()))).block();
            Thread.sleep(10);
        }
        received.await(60, TimeUnit.SECONDS);
        subscription.dispose();
        DeployApi.post(web, "/api/v1/deployments/" + id + "/cancel", Map.of()).expectStatus().isOk();
        List<Long> sorted = new ArrayList<>(latenciesMicros);
        Collections.sort(sorted);
        return String.format("SSE latency (line written -> line received), %d lines one every 10 ms: p50 %.1f ms,"
                + " p95 %.1f ms, p99 %.1f ms, max %.1f ms", sorted.size(), pct(sorted, 50), pct(sorted, 95),
                pct(sorted, 99), sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1000.0;
    }
}
