package io.releasecontrol.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.releasecontrol.metrics.deployment.ServerRole;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Against a tiny local HTTP server that answers like Prometheus' /api/v1/query. */
class PrometheusSourceTest {

    private HttpServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final Map<String, String> answers = Map.of(
            "sum by (pod) (increase(http_requests_total{app=\"shop\",version=\"2.4.0\",pod=~\".+\"}[10s]))",
            pods("\"10.0.0.7:8080\"", "900", "\"b\"", "100", "\"b\"", "50"),
            "sum by (pod) (increase(http_errors_total{app=\"shop\",version=\"2.4.0\",pod=~\".+\"}[10s]))",
            pods("\"10.0.0.7:8080\"", "9", "\"b\"", "NaN"),
            "sum by (pod) (increase(checkout_total{version=~\"2\\\\.4\\\\.0\",pod=~\".+\"}[10s]))",
            pods(null, "7"),
            "sum(increase(http_requests_total[15s]))", vector("1200", "300"),
            "sum(increase(http_errors_total[15s]))", vector("30"),
            "histogram_quantile(0.95, rate(latency_bucket[1m])) * 1000", scalar("412.5"),
            "avg(process_cpu)", vector(),
            "broken(", "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 8\"}");

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            String raw = exchange.getRequestURI().getRawQuery();
            String query = null;
            for (String part : raw.split("&")) {
                if (part.startsWith("query=")) {
                    query = URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8);
                }
            }
            queries.add(query);
            byte[] body = answers.getOrDefault(query, vector()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(query != null && query.startsWith("broken") ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String vector(String... values) {
        StringBuilder result = new StringBuilder();
        for (String v : values) {
            result.append(result.isEmpty() ? "" : ",").append("{\"metric\":{\"pod\":\"p\"},\"value\":[1700000000.123,\"")
                    .append(v).append("\"]}");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
    }

    /** A vector whose series carry pod labels: label, value, label, value...; a null label: no pod label. */
    private static String pods(String... labelsAndValues) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            result.append(result.isEmpty() ? "" : ",").append("{\"metric\":{")
                    .append(labelsAndValues[i] == null ? "" : "\"pod\":" + labelsAndValues[i])
                    .append("},\"value\":[1700000000.123,\"").append(labelsAndValues[i + 1]).append("\"]}");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
    }

    private static String scalar(String v) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000.123,\"" + v + "\"]}}";
    }

    private PrometheusSource source() {
        // generous: the first request builds the HTTP client, slow on a loaded 2-core machine
        return new PrometheusSource("http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(30));
    }

    @Test
    void buildsASampleFromOneQueryPerField() {
        var target = new PrometheusProperties.Target("shop", "production", "2.4.0", null, Map.of(
                "requests", "sum(increase(http_requests_total[15s]))",
                "errors", "sum(increase(http_errors_total[15s]))",
                "latencyP95Ms", "histogram_quantile(0.95, rate(latency_bucket[1m])) * 1000",
                "cpu", "avg(process_cpu)"));
        Instant at = Instant.parse("2026-03-01T10:15:30Z");
        StepVerifier.create(source().samples(PrometheusSource.SampleQueries.of(target), at))
                .assertNext(s -> {
                    assertThat(s.application()).isEqualTo("shop");
                    assertThat(s.instance()).isEqualTo("prometheus");
                    assertThat(s.time()).isEqualTo(at);
                    // a vector is summed over its series
                    assertThat(s.requests()).isEqualTo(1500L);
                    assertThat(s.errors()).isEqualTo(30L);
                    assertThat(s.latencyP95Ms()).isEqualTo(412.5);
                    // no series: not measured, not zero
                    assertThat(s.cpu()).isNull();
                    assertThat(s.http5xx()).isNull();
                })
                .verifyComplete();
        assertThat(queries).hasSize(4);
    }

    @Test
    void failsTheSampleWhenPrometheusRefusesAQuery() {
        var target = new PrometheusProperties.Target("shop", "production", "2.4.0", "agg", Map.of(
                "requests", "sum(increase(http_requests_total[15s]))", "errors", "broken("));
        StepVerifier.create(source().samples(PrometheusSource.SampleQueries.of(target), Instant.now())).expectError()
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void explainsAnErrorAnswer() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> PrometheusSource.parse(
                "broken(", "{\"status\":\"error\",\"error\":\"parse error at char 8\"}", null));
        assertThat(e.getMessage()).isEqualTo("prometheus query 'broken(' failed: parse error at char 8");
    }

    @Test
    void splitsAVersionsSamplesByTheInstanceLabelOfItsTemplates() {
        var errors = new java.util.ArrayList<io.releasecontrol.runtime.problem.ProblemException.FieldError>();
        PrometheusQueries templates = PrometheusQueries.parse(Map.of(
                "requests", "sum by (pod) (increase(http_requests_total{app=\"{application}\",version=\"{version}\","
                        + "pod=~\"{instance}\"}[10s]))",
                "errors", "sum by (pod) (increase(http_errors_total{app=\"{application}\",version=\"{version}\","
                        + "pod=~\"{instance}\"}[10s]))",
                "custom.checkout_total", "sum by (pod) (increase(checkout_total{version=~\"{version}\","
                        + "pod=~\"{instance}\"}[10s]))"), "prometheus", errors);
        assertThat(errors).isEmpty();
        Instant at = Instant.parse("2026-03-01T10:15:30Z");

        StepVerifier.create(source().samples(PrometheusSource.SampleQueries.of("shop", "production", "2.4.0",
                        ServerRole.STABLE, templates), at).collectList())
                .assertNext(samples -> {
                    assertThat(samples).extracting(s -> s.instance())
                            // ':' cannot stand in an instance name; a series without the label is "prometheus"
                            .containsExactly("10.0.0.7_8080", "b", "prometheus");
                    assertThat(samples.get(0).requests()).isEqualTo(900L);
                    assertThat(samples.get(0).errors()).isEqualTo(9L);
                    // two series of one pod are summed; a NaN series counts as not measured
                    assertThat(samples.get(1).requests()).isEqualTo(150L);
                    assertThat(samples.get(1).errors()).isNull();
                    assertThat(samples.get(2).requests()).isNull();
                    assertThat(samples.get(2).custom()).containsEntry("checkout_total", 7.0);
                    assertThat(samples).allSatisfy(s -> assertThat(s.version()).isEqualTo("2.4.0"));
                })
                .verifyComplete();
        // the version regex-quoted in a regex matcher, then escaped for the string: 2\\.4\\.0
        assertThat(queries).hasSize(3).allSatisfy(q -> assertThat(q).contains("pod=~\".+\""));
    }

    @Test
    void rendersTheVersionsRoleAsTheRoutersServer() {
        var errors = new java.util.ArrayList<io.releasecontrol.runtime.problem.ProblemException.FieldError>();
        PrometheusQueries templates = PrometheusQueries.parse(Map.of("requests", "sum(rate(haproxy_server_http_"
                + "responses_total{proxy=\"rc_{application}_{environment}\",server=\"{role}\"}[3s]))"), "prometheus",
                errors);
        assertThat(errors).isEmpty();

        var canary = PrometheusSource.SampleQueries.of("shop", "staging", "1.1.0", ServerRole.CANARY, templates);
        var stable = PrometheusSource.SampleQueries.of("shop", "staging", "1.0.0", ServerRole.STABLE, templates);

        assertThat(canary.queries()).containsExactly(Map.entry("requests", "sum(rate(haproxy_server_http_responses"
                + "_total{proxy=\"rc_shop_staging\",server=\"canary\"}[3s]))"));
        assertThat(stable.queries().get("requests")).contains("server=\"stable\"");
        // without a role such a template cannot be rendered: the pull leaves that version out first
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PrometheusSource.SampleQueries.of("shop", "staging", "1.1.0", null, templates)))
                .hasMessage("no value for {role}");
    }
}
