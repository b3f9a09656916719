package io.releasecontrol.metrics.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.deployment.RunningVersions;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.ingest.IngestService;
import io.releasecontrol.metrics.prometheus.PrometheusProperties;
import io.releasecontrol.metrics.prometheus.PrometheusPull;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A pull from a local server speaking the Prometheus query API lands on the real ingest path. */
@RcIntegrationTest
class PrometheusPullIT {

    @Autowired
    IngestService ingest;
    @Autowired
    MetricsProperties metrics;
    @Autowired
    Evaluator evaluator;

    @Test
    void pulledSamplesAreEvaluatedLikeIngestedOnes() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                    + "\"value\":[1700000000,\"" + (exchange.getRequestURI().getQuery().contains("errors") ? "4" : "400")
                    + "\"]}]}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            var properties = new PrometheusProperties(true, "http://127.0.0.1:" + server.getAddress().getPort(),
                    Duration.ofSeconds(10), Duration.ofSeconds(5), null, List.of(new PrometheusProperties.Target("pulled",
                    "staging", "1.0.0", null, Map.of("requests", "sum(increase(requests[10s]))",
                    "errors", "sum(increase(errors[10s]))"))));
            // a static target only: no policy templates
            var pull = new PrometheusPull(properties, ingest, metrics, new RunningVersions(), (app, env) -> null);
            Instant t0 = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
            // every 10 s, as configured by default: a 1-minute window holds the rules' 5 samples
            for (int i = 0; i < 8; i++) {
                assertThat(pull.pullOnce(t0.plusSeconds(10L * i)).block(Duration.ofSeconds(20))).isEqualTo(1);
            }
            var health = evaluator.health("pulled", "staging").orElseThrow();
            var rule = health.versions().get(0).rules().stream().filter(r -> r.rule().equals("error-rate-5pct"))
                    .findFirst().orElseThrow();
            assertThat(rule.value()).isEqualTo(0.01);
            assertThat(rule.status()).isEqualTo("ok");
        } finally {
            server.stop(0);
        }
    }
}
