package io.releasecontrol.metrics.prometheus;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one sample per target from a Prometheus HTTP API ({@code GET /api/v1/query}, instant
 * queries evaluated at the sample time). A vector result is summed over its series, a scalar taken
 * as is; an empty result leaves the field null (not measured), a failed query fails the sample.
 */
public class PrometheusSource {

    static final Set<String> FIELDS = Set.of("requests", "errors", "http5xx", "latencyP95Ms", "cpu", "memory",
            "activeUsers");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebClient client;
    private final Duration timeout;

    public PrometheusSource(String baseUrl, Duration timeout) {
        this.client = WebClient.create(baseUrl);
        this.timeout = timeout;
    }

    public Mono<MetricSampleRecorded> sample(PrometheusProperties.Target target, Instant at) {
        for (String field : target.queries().keySet()) {
            if (!FIELDS.contains(field)) {
                return Mono.error(new IllegalArgumentException("unknown sample field '" + field + "' in the queries of "
                        + target.application() + ":" + target.environment() + " (known: " + FIELDS + ")"));
            }
        }
        return Flux.fromIterable(target.queries().entrySet())
                .flatMap(e -> query(e.getValue(), at).map(v -> Map.entry(e.getKey(), v)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(values -> new MetricSampleRecorded(target.application(), target.environment(), target.version(),
                        target.instance() == null ? "prometheus" : target.instance(), at,
                        asLong(values.get("requests")), asLong(values.get("errors")), asLong(values.get("http5xx")),
                        asDouble(values.get("latencyP95Ms")), asDouble(values.get("cpu")),
                        asDouble(values.get("memory")), asLong(values.get("activeUsers"))));
    }

    /** The query's value at {@code at}: empty when Prometheus has no series for it. */
    Mono<Optional<Double>> query(String promql, Instant at) {
        return client.get()
                .uri(b -> b.path("/api/v1/query").queryParam("query", "{q}").queryParam("time", at.toString())
                        .build(promql))
                .retrieve()
                .bodyToMono(String.class)
                .timeout(timeout)
                .map(body -> parse(promql, body));
    }

    static Optional<Double> parse(String promql, String body) {
        JsonNode root = JSON.readTree(body);
        if (!"success".equals(root.path("status").asString(""))) {
            throw new IllegalStateException("prometheus query '" + promql + "' failed: "
                    + root.path("error").asString("status " + root.path("status").asString("missing")));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        return switch (type) {
            case "scalar" -> Optional.of(number(result.get(1)));
            case "vector" -> {
                if (result.isEmpty()) {
                    yield Optional.empty();
                }
                double sum = 0;
                for (JsonNode series : result) {
                    sum += number(series.path("value").get(1));
                }
                yield Optional.of(sum);
            }
            default -> throw new IllegalStateException("prometheus query '" + promql + "' gave a " + type
                    + " result; use an instant vector or scalar query");
        };
    }

    private static double number(JsonNode value) {
        // Prometheus sends sample values as strings ("1.5", "NaN", "+Inf")
        return Double.parseDouble(value.asString());
    }

    private static Double asDouble(Optional<Double> v) {
        return v == null ? null : v.orElse(null);
    }

    private static Long asLong(Optional<Double> v) {
        return v == null ? null : v.map(Math::round).orElse(null);
    }
}
