package io.releasecontrol.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.deployment.RunningVersions;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.TargetHealth;
import io.releasecontrol.metrics.ingest.SamplePublisher;
import io.releasecontrol.metrics.policy.AnalysisPolicies;
import io.releasecontrol.metrics.prometheus.PrometheusProperties;
import io.releasecontrol.metrics.prometheus.PrometheusPull;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import io.releasecontrol.runtime.testsupport.SharedKafka;
import jakarta.validation.Validator;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Pulls from a local server speaking the Prometheus query API land on rc.metric-samples and are evaluated: a
 * static target's, and an analysis policy's templates for every version the target runs as the
 * deployment events on the real broker tell it (the queries it receives are the templates with each
 * version and the router server it runs behind substituted; one sample per instance).
 */
@RcIntegrationTest
class PrometheusPullIT {

    private static final String APP = "templated-shop";
    private static final String REQUESTS = "sum by (pod) (increase(http_requests_total{app=\"{application}\","
            + "env=\"{environment}\",version=\"{version}\",server=\"{role}\",pod=~\"{instance}\"}[10s]))";
    private static final String ERRORS = "sum by (pod) (increase(http_errors_total{app=\"{application}\","
            + "env=\"{environment}\",version=\"{version}\",server=\"{role}\",pod=~\"{instance}\"}[10s]))";

    @Autowired
    WebTestClient web;
    @Autowired
    SamplePublisher publisher;
    @Autowired
    MetricsProperties metrics;
    @Autowired
    Validator validator;
    @Autowired
    Evaluator evaluator;
    @Autowired
    RunningVersions running;
    @Autowired
    AnalysisPolicies policies;

    @Test
    void pulledSamplesAreEvaluatedLikeIngestedOnes() throws Exception {
        HttpServer server = fakePrometheus(new CopyOnWriteArrayList<>(), query -> vector(Map.of("",
                query.contains("errors") ? "4" : "400")));
        try {
            var properties = new PrometheusProperties(true, "http://127.0.0.1:" + server.getAddress().getPort(),
                    Duration.ofSeconds(10), Duration.ofSeconds(5), 500, List.of(new PrometheusProperties.Target("pulled",
                    "staging", "1.0.0", null, Map.of("requests", "sum(increase(requests[10s]))",
                    "errors", "sum(increase(errors[10s]))"))));
            // a static target only: no policy templates
            var pull = new PrometheusPull(properties, publisher, metrics, new RunningVersions(), (app, env) -> null,
                    io.releasecontrol.metrics.ownership.OwnedTargets.ALL, validator);
            Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
            // every 10 s, as configured by default: a 1-minute window holds the rules' 5 samples
            for (int i = 0; i < 8; i++) {
                assertThat(pull.pullOnce(t0.plusSeconds(10L * i)).block(Duration.ofSeconds(20))).isEqualTo(1);
            }
            // through rc.metric-samples: evaluated once the listener has them
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var health = evaluator.health("pulled", "staging").orElseThrow();
                var rule = health.versions().get(0).rules().stream().filter(r -> r.rule().equals("error-rate-5pct"))
                        .findFirst().orElseThrow();
                assertThat(rule.value()).isEqualTo(0.01);
                assertThat(rule.status()).isEqualTo("ok");
            });
        } finally {
            server.stop(0);
        }
    }

    @Test
    void pullsEveryVersionTheTargetRunsAndOnlyTheNewOneAfterItsDeploymentSucceeded() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        // two pods, 100 requests or 2 errors each
        HttpServer server = fakePrometheus(received, query -> {
            String value = query.contains("http_errors_total") ? "2" : "100";
            return vector(Map.of("a", value, "b", value));
        });
        try (KafkaProducer<String, byte[]> producer = producer()) {
            web.mutate().responseTimeout(Duration.ofSeconds(30)).build().put()
                    .uri("/api/v1/applications/{app}/analysis?environment=staging", APP)
                    .header(IdentityCodec.HEADER, ItSupport.as("admin")).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("prometheus", Map.of("requests", REQUESTS, "errors", ERRORS)))
                    .exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.policy.prometheus.requests").isEqualTo(REQUESTS)
                    .jsonPath("$.effective.prometheusSource").isEqualTo("application " + APP + ", environment staging");

            // an unreadable record on the topic is skipped, not a stop; then 1.0.0 is stable and 1.1.0 starts
            producer.send(new ProducerRecord<>(Topics.DEPLOYMENTS, APP + ":staging",
                    "not an event".getBytes(StandardCharsets.UTF_8)));
            DeploymentId first = DeploymentId.random();
            DeploymentId second = DeploymentId.random();
            send(producer, new DeploySucceeded(first, APP, "staging", "1.0.0", null, null, Instant.now(),
                    Duration.ofMinutes(1), 1L));
            send(producer, new DeployStarted(second, APP, "staging", "1.1.0", "1.0.0", Strategy.CANARY, Instant.now(),
                    2L));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> running.versions(APP, "staging").equals(List.of("1.0.0", "1.1.0")));

            PrometheusPull pull = pull(server);
            Instant t0 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
            // two versions, two pods each
            assertThat(pull.pullOnce(t0).block(Duration.ofSeconds(30))).isEqualTo(4);
            // the canary's version behind the canary server, the stable one behind the stable server
            assertThat(received).containsExactlyInAnyOrder(query("http_requests_total", "1.0.0", "stable"),
                    query("http_errors_total", "1.0.0", "stable"), query("http_requests_total", "1.1.0", "canary"),
                    query("http_errors_total", "1.1.0", "canary"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(evaluator.health(APP, "staging")
                    .orElseThrow().versions()).extracting(TargetHealth.VersionHealth::version)
                    .containsExactlyInAnyOrder("1.0.0", "1.1.0"));

            // the deployment succeeded: the new version only, now the stable one
            received.clear();
            send(producer, new DeploySucceeded(second, APP, "staging", "1.1.0", "1.0.0", null, Instant.now(),
                    Duration.ofMinutes(5), 2L));
            await().atMost(Duration.ofSeconds(30)).until(() -> running.versions(APP, "staging").equals(List.of("1.1.0")));
            assertThat(pull.pullOnce(t0.plusSeconds(10)).block(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(received).containsExactlyInAnyOrder(query("http_requests_total", "1.1.0", "stable"),
                    query("http_errors_total", "1.1.0", "stable"));
        } finally {
            server.stop(0);
        }
    }

    /** The template as Prometheus receives it for {@code version} behind the server {@code role}. */
    private static String query(String metric, String version, String role) {
        return "sum by (pod) (increase(" + metric + "{app=\"" + APP + "\",env=\"staging\",version=\"" + version
                + "\",server=\"" + role + "\",pod=~\".+\"}[10s]))";
    }

    private PrometheusPull pull(HttpServer server) {
        // this policy's templates only: no static target; the schedule is not started, the test pulls
        var properties = new PrometheusProperties(true, "http://127.0.0.1:" + server.getAddress().getPort(),
                Duration.ofSeconds(10), Duration.ofSeconds(10), 100, List.of());
        return new PrometheusPull(properties, publisher, metrics, running,
                (app, env) -> APP.equals(app) ? policies.queries(app, env) : null,
                io.releasecontrol.metrics.ownership.OwnedTargets.ALL, validator);
    }

    /** Answers each query as {@code answer} says, and records the query. */
    private static HttpServer fakePrometheus(List<String> received, Function<String, String> answer)
            throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            String query = "";
            for (String part : exchange.getRequestURI().getRawQuery().split("&")) {
                if (part.startsWith("query=")) {
                    query = URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8);
                }
            }
            received.add(query);
            byte[] body = answer.apply(query).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    /** A vector answer: one series per pod label ("" for a series without one) and its value. */
    private static String vector(Map<String, String> valueByPod) {
        StringBuilder result = new StringBuilder();
        new java.util.TreeMap<>(valueByPod).forEach((pod, value) -> result.append(result.isEmpty() ? "" : ",")
                .append("{\"metric\":{").append(pod.isEmpty() ? "" : "\"pod\":\"" + pod + "\"")
                .append("},\"value\":[1700000000,\"").append(value).append("\"]}"));
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
    }

    private static void send(KafkaProducer<String, byte[]> producer, DeploymentEvent event) throws Exception {
        EventEnvelope<DeploymentEvent> envelope = EventEnvelope.of("/release-control/deploy-service", event);
        producer.send(new ProducerRecord<>(Topics.DEPLOYMENTS, envelope.key(), EventCodec.toBytes(envelope))).get();
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }
}
