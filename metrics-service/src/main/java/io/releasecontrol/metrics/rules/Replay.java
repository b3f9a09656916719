package io.releasecontrol.metrics.rules;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.evaluation.Evaluator;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.evaluation.RuleTransition;
import io.releasecontrol.metrics.ingest.SampleRequest;
import io.releasecontrol.metrics.ingest.SampleChecks;
import io.releasecontrol.metrics.storage.SampleStore;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.problem.ProblemType;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What-if: runs a posted trace (or a stored time range of a target) through a rule set (posted, or
 * the current one) in a fresh engine, and returns every verdict it would have produced. Nothing is
 * published or stored.
 */
@Component
public class Replay {

    static final int MAX_SAMPLES = 100_000;
    /** room for {@link #MAX_SAMPLES} samples of every field (about 300 bytes each) and a rule set */
    static final int MAX_BODY_BYTES = 64 * 1024 * 1024;

    private final Evaluator live;
    private final SampleStore store;
    private final MetricsProperties properties;
    private final SampleChecks checks;

    Replay(Evaluator live, SampleStore store, MetricsProperties properties, Validator validator) {
        this.live = live;
        this.store = store;
        this.properties = properties;
        // a replay is no live ingest: a trace's times are only kept sane, up to ten years ahead
        this.checks = new SampleChecks(validator, Duration.ofDays(3650));
    }

    /** Either {@code samples}, or {@code application}+{@code environment}+{@code from}+{@code to} of stored ones. */
    record Request(List<SampleRequest> samples, List<RuleView> rules, String application, String environment,
            Instant from, Instant to) {
    }

    public record ReplayedAlert(String rule, String metric, String action, String application, String environment, String version,
            Instant time, double observed, double threshold, int samples, String statistic, Double trafficPercent,
            Double pValue, Double effectSize, Instant breachOpenedAt) {
    }

    public record Result(List<ReplayedAlert> breaches, List<ReplayedAlert> recoveries, int evaluated, int late, int duplicates,
            List<String> rules) {
    }

    Mono<Result> run(Request request) {
        List<Rule> rules = rules(request);
        if (request.samples() != null && !request.samples().isEmpty()) {
            return Mono.fromCallable(() -> replay(posted(request.samples()), rules));
        }
        if (request.application() == null || request.environment() == null || request.from() == null
                || request.to() == null) {
            throw ProblemException.invalid("samples", "post samples, or application, environment, from and to of stored ones");
        }
        return stored(request.application(), request.environment(), request.from(), request.to(), rules);
    }

    /** The stored samples of a target between {@code from} and {@code to}, through {@code rules}. */
    public Mono<Result> stored(String application, String environment, Instant from, Instant to, List<Rule> rules) {
        if (!from.isBefore(to)) {
            throw ProblemException.invalid("from", "must be before to");
        }
        return store.raw(application, environment, from, to, MAX_SAMPLES).collectList()
                .map(samples -> replay(samples, rules));
    }

    private List<Rule> rules(Request request) {
        if (request.rules() == null || request.rules().isEmpty()) {
            return live.rules();
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < request.rules().size(); i++) {
            rules.add(request.rules().get(i).toRule("rules[" + i + "].", properties.retention()));
        }
        return rules;
    }

    private List<MetricSampleRecorded> posted(List<SampleRequest> items) {
        if (items.size() > MAX_SAMPLES) {
            throw ProblemException.invalid("samples", "at most " + MAX_SAMPLES + " samples per replay");
        }
        List<FieldError> errors = new ArrayList<>();
        List<MetricSampleRecorded> samples = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            SampleRequest item = items.get(i);
            if (item == null) {
                errors.add(new FieldError("samples[" + i + "]", "is null"));
                continue;
            }
            for (FieldError e : checks.errors(item)) {
                errors.add(new FieldError("samples[" + i + "]." + e.field(), e.message()));
            }
            samples.add(item.toSampleForReplay());
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.size() + " invalid field(s) in the trace",
                    Map.of("errors", errors));
        }
        return samples;
    }

    private Result replay(List<MetricSampleRecorded> samples, List<Rule> rules) {
        Evaluator engine = new Evaluator(properties.evaluation(), rules);
        List<MetricSampleRecorded> ordered = new ArrayList<>(samples);
        ordered.sort(Comparator.comparing(MetricSampleRecorded::time));
        List<ReplayedAlert> breaches = new ArrayList<>();
        List<ReplayedAlert> recoveries = new ArrayList<>();
        int late = 0;
        int duplicates = 0;
        for (MetricSampleRecorded s : ordered) {
            Evaluator.Result r = engine.accept(s);
            late += r.late() ? 1 : 0;
            duplicates += r.duplicate() ? 1 : 0;
            for (RuleTransition t : r.transitions()) {
                var e = t.evidence();
                ReplayedAlert v = new ReplayedAlert(t.rule().id(), e.metric(), t.actionOnTheWire(), t.application(),
                        t.environment(), t.version(), t.at(), e.observed(), e.threshold(), e.samples(), e.statistic(),
                        e.trafficPercent(), e.pValue(), e.effectSize(), t.breachOpenedAt());
                (t.kind() == RuleTransition.Kind.BREACHED ? breaches : recoveries).add(v);
            }
        }
        return new Result(breaches, recoveries, ordered.size() - late - duplicates, late, duplicates,
                rules.stream().map(Rule::id).toList());
    }
}
