package io.releasecontrol.metrics.query;

import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.MetricComparison;
import io.releasecontrol.metrics.evaluation.TargetHealth;
import io.releasecontrol.metrics.evaluation.Verdict;
import io.releasecontrol.metrics.web.Roles;
import io.releasecontrol.metrics.ingest.TargetParams;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Read side (viewer): live health and canary comparison from the windows, series from the roll-ups. */
@RestController
class QueryController {

    private final Evaluator evaluator;
    private final SeriesQuery series;
    private final MetricsProperties properties;

    QueryController(Evaluator evaluator, SeriesQuery series, MetricsProperties properties) {
        this.evaluator = evaluator;
        this.series = series;
        this.properties = properties;
    }

    @GetMapping("/api/v1/metrics/health")
    TargetHealth health(@RequestParam String application, @RequestParam String environment, ServerWebExchange exchange) {
        Roles.require(exchange, TrustedIdentity.VIEWER);
        TargetParams.application(application);
        TargetParams.environment(environment);
        return evaluator.health(application, environment).orElseThrow(() -> ProblemException.notFound(
                "no samples for " + application + " in " + environment + " within the last " + properties.retention()));
    }

    /** Canary vs baseline over {@code window} (default: the window retention). */
    @GetMapping("/api/v1/metrics/compare")
    Map<String, Object> compare(@RequestParam String application, @RequestParam String environment,
            @RequestParam String baseline, @RequestParam String canary, @RequestParam(required = false) Duration window,
            ServerWebExchange exchange) {
        Roles.require(exchange, TrustedIdentity.VIEWER);
        TargetParams.application(application);
        TargetParams.environment(environment);
        TargetParams.version("baseline", baseline);
        TargetParams.version("canary", canary);
        Duration w = window == null ? properties.retention() : window;
        if (w.isNegative() || w.isZero() || w.compareTo(properties.retention()) > 0) {
            throw ProblemException.invalid("window", "must be positive and at most " + properties.retention());
        }
        List<MetricComparison> metrics = evaluator.compare(application, environment, baseline, canary, w)
                .orElseThrow(() -> ProblemException.notFound("no live window for " + application + " in " + environment
                        + " versions " + baseline + " and " + canary));
        String overall = overall(metrics);
        return Map.of("application", application, "environment", environment, "baseline", baseline, "canary", canary,
                "window", w, "verdict", overall, "metrics", metrics.stream().map(QueryController::view).toList());
    }

    /** The worst verdict over the metrics that had data; nodata when none had. */
    static String overall(List<MetricComparison> metrics) {
        Verdict worst = null;
        for (MetricComparison m : metrics) {
            Verdict v = m.judgement().verdict();
            if (v != Verdict.NODATA && (worst == null || v.ordinal() > worst.ordinal())) {
                worst = v;
            }
        }
        return worst == null ? Verdict.NODATA.wire() : worst.wire();
    }

    private static Map<String, Object> view(MetricComparison m) {
        var j = m.judgement();
        var out = new java.util.LinkedHashMap<String, Object>();
        out.put("metric", m.metric());
        out.put("verdict", j.verdict().wire());
        out.put("baselineValue", m.baselineValue());
        out.put("canaryValue", m.canaryValue());
        out.put("baselineSamples", m.baselineSamples());
        out.put("canarySamples", m.canarySamples());
        out.put("statistic", "mann-whitney-u");
        out.put("u", Double.isNaN(j.u()) ? null : j.u());
        out.put("pValue", Double.isNaN(j.pValue()) ? null : j.pValue());
        out.put("effectSize", Double.isNaN(j.effectSize()) ? null : j.effectSize());
        out.put("baselineIntervals", j.baselineIntervals());
        out.put("canaryIntervals", j.canaryIntervals());
        out.put("outliersRemoved", j.outliersRemoved());
        return out;
    }

    @GetMapping("/api/v1/metrics/series")
    Mono<SeriesQuery.Series> series(@RequestParam String application, @RequestParam String environment,
            @RequestParam String version, @RequestParam String metric, @RequestParam Instant from,
            @RequestParam Instant to, @RequestParam(required = false) Duration step, ServerWebExchange exchange) {
        Roles.require(exchange, TrustedIdentity.VIEWER);
        TargetParams.application(application);
        TargetParams.environment(environment);
        TargetParams.version("version", version);
        return series.series(application, environment, version, metric, from, to,
                step == null ? Duration.ofMinutes(1) : step);
    }
}
