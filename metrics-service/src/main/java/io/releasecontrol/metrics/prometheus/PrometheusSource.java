package io.releasecontrol.metrics.prometheus;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.deployment.ServerRole;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads samples from a Prometheus HTTP API ({@code GET /api/v1/query}, instant queries evaluated at
 * the sample time), one query per sample field. Without an instance label a vector result is summed
 * over its series into one sample, a scalar taken as is; with one ({@code {instance}} in a
 * template), each series counts for the instance its label names, one sample per instance. An
 * empty result leaves the field null (not measured), a NaN or infinite series counts as not there,
 * a failed query fails the whole pull of that version.
 */
public class PrometheusSource {

    static final Set<String> FIELDS = Set.of("requests", "errors", "http5xx", "latencyP95Ms", "cpu", "memory",
            "activeUsers");
    /** the instance of a sample summed over series, and of a series without the instance label */
    static final String DEFAULT_INSTANCE = "prometheus";
    /** the longest instance name a sample may carry (SampleRequest) */
    private static final int MAX_INSTANCE = 128;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebClient client;
    private final Duration timeout;

    public PrometheusSource(String baseUrl, Duration timeout) {
        this.client = WebClient.create(baseUrl);
        this.timeout = timeout;
    }

    /**
     * The queries of one version's samples, rendered.
     *
     * @param instance      the samples' instance when the queries do not split by a label
     * @param queries       sample field to PromQL
     * @param instanceLabel the label each series names its instance by; null: every series summed into one sample
     */
    public record SampleQueries(String application, String environment, String version, String instance,
            Map<String, String> queries, String instanceLabel) {

        static SampleQueries of(PrometheusProperties.Target t) {
            return new SampleQueries(t.application(), t.environment(), t.version(),
                    t.instance() == null ? DEFAULT_INSTANCE : t.instance(), t.queries(), null);
        }

        /**
         * A policy's templates rendered for one version of a target.
         *
         * @param role the router server the version runs behind; null: not known, and a template with {@code {role}}
         *             fails to render
         */
        static SampleQueries of(String application, String environment, String version, ServerRole role,
                PrometheusQueries templates) {
            Map<String, String> values = new HashMap<>(Map.of(QueryTemplate.APPLICATION, application,
                    QueryTemplate.ENVIRONMENT, environment, QueryTemplate.VERSION, version));
            if (role != null) {
                values.put(QueryTemplate.ROLE, role.wire());
            }
            Map<String, String> queries = new LinkedHashMap<>();
            templates.templates().forEach((field, t) -> queries.put(field, t.render(values)));
            return new SampleQueries(application, environment, version, DEFAULT_INSTANCE, queries,
                    templates.instanceLabel());
        }
    }

    /** The samples of one version at {@code at}: one, or one per instance when the queries split by a label. */
    public Flux<MetricSampleRecorded> samples(SampleQueries q, Instant at) {
        return Flux.fromIterable(q.queries().entrySet())
                .flatMap(e -> query(e.getValue(), at, q.instanceLabel()).map(v -> Map.entry(e.getKey(), v)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .flatMapIterable(byField -> assemble(q, at, byField));
    }

    /** One sample per instance from each field's value per instance. */
    static List<MetricSampleRecorded> assemble(SampleQueries q, Instant at, Map<String, Map<String, Double>> byField) {
        Set<String> instances = new TreeSet<>();
        if (q.instanceLabel() == null) {
            instances.add(q.instance());
        } else {
            byField.values().forEach(v -> instances.addAll(v.keySet()));
        }
        return instances.stream().map(instance -> {
            Map<String, Double> values = new LinkedHashMap<>();
            Map<String, Double> custom = new LinkedHashMap<>();
            byField.forEach((field, perInstance) -> {
                Double v = perInstance.get(instance);
                if (v != null && field.startsWith(PrometheusQueries.CUSTOM)) {
                    custom.put(field.substring(PrometheusQueries.CUSTOM.length()), v);
                } else if (v != null) {
                    values.put(field, v);
                }
            });
            return new MetricSampleRecorded(q.application(), q.environment(), q.version(), instance, at,
                    asLong(values.get("requests")), asLong(values.get("errors")), asLong(values.get("http5xx")),
                    values.get("latencyP95Ms"), values.get("cpu"), values.get("memory"),
                    asLong(values.get("activeUsers")), custom.isEmpty() ? null : custom);
        }).toList();
    }

    /** The query's value per instance at {@code at}: empty when Prometheus has no series for it. */
    Mono<Map<String, Double>> query(String promql, Instant at, String instanceLabel) {
        return client.get()
                .uri(b -> b.path("/api/v1/query").queryParam("query", "{q}").queryParam("time", at.toString())
                        .build(promql))
                .retrieve()
                .bodyToMono(String.class)
                .timeout(timeout)
                .map(body -> parse(promql, body, instanceLabel));
    }

    /**
     * The answer's value per instance: a scalar, or a vector's series summed per value of
     * {@code instanceLabel} ({@value #DEFAULT_INSTANCE} for all of them when it is null, and for a
     * series without the label).
     */
    static Map<String, Double> parse(String promql, String body, String instanceLabel) {
        JsonNode root = JSON.readTree(body);
        if (!"success".equals(root.path("status").asString(""))) {
            throw new IllegalStateException("prometheus query '" + promql + "' failed: "
                    + root.path("error").asString("status " + root.path("status").asString("missing")));
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asString("");
        JsonNode result = data.path("result");
        Map<String, Double> out = new LinkedHashMap<>();
        switch (type) {
            case "scalar" -> add(out, DEFAULT_INSTANCE, number(result.get(1)));
            case "vector" -> {
                for (JsonNode series : result) {
                    String instance = instanceLabel == null ? DEFAULT_INSTANCE
                            : instanceName(series.path("metric").path(instanceLabel).asString(""));
                    add(out, instance, number(series.path("value").get(1)));
                }
            }
            default -> throw new IllegalStateException("prometheus query '" + promql + "' gave a " + type
                    + " result; use an instant vector or scalar query");
        }
        return out;
    }

    private static void add(Map<String, Double> out, String instance, double value) {
        if (Double.isFinite(value)) {
            out.merge(instance, value, Double::sum);
        }
    }

    /**
     * A label value as a sample's instance: characters a sample's instance may not hold (':' and
     * white space, SampleRequest) become '_', so {@code 10.0.0.7:8080} is {@code 10.0.0.7_8080}.
     */
    static String instanceName(String label) {
        if (label.isEmpty()) {
            return DEFAULT_INSTANCE;
        }
        StringBuilder out = new StringBuilder(Math.min(label.length(), MAX_INSTANCE));
        label.codePoints().limit(MAX_INSTANCE).forEach(c -> out.appendCodePoint(c == ':' || Character.isWhitespace(c)
                || c == 0x0B ? '_' : c));
        return out.toString();
    }

    private static double number(JsonNode value) {
        // Prometheus sends sample values as strings ("1.5", "NaN", "+Inf")
        return Double.parseDouble(value.asString());
    }

    private static Long asLong(Double v) {
        return v == null ? null : Math.round(v);
    }
}
