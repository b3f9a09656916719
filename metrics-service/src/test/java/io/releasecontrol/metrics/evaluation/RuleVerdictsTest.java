package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.evaluation.TargetHealth.RuleHealth;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdict of each rule on error counts for a canary (1.1.0 beside 1.0.0) at the end of a trace:
 * what the step gate reads. Pass only with evidence, by the rule's own failure condition.
 */
class RuleVerdictsTest {

    static Stream<Arguments> traces() {
        return Stream.of(
                // 0.5 % vs 1 % on the baseline, no 5xx on the canary: both rules pass
                row("healthy canary", Trace.create()
                        .errors("1.0.0", 3, 0, 300, s -> 0.01, 0.003)
                        .errors("1.1.0", 1, 20, 300, s -> 0.005, 0.003),
                        "pass", "pass"),
                // no errors anywhere: nothing to compare, the canary's own rate is under the noise floor
                row("no errors at all", Trace.create()
                        .errors("1.0.0", 3, 0, 300, s -> 0, 0)
                        .errors("1.1.0", 1, 0, 300, s -> 0, 0, 1_000),
                        "pass", "pass"),
                // two samples of the canary, under the rules' minimum of three: not enough to say
                row("a canary just started", Trace.create()
                        .errors("1.0.0", 3, 0, 300, s -> 0.01, 0.003)
                        .errors("1.1.0", 1, 290, 300, s -> 0.01, 0.003),
                        "inconclusive", "inconclusive"),
                // 3 % against the baseline's 1 %, under the 5 % threshold: the comparison fails it;
                // its 5xx (all its errors) are worse than the baseline's while over 10 a minute
                row("a small regression", Trace.create()
                        .errors("1.0.0", 3, 0, 300, s -> 0.01, 0.002, 1_000)
                        .errors("1.1.0", 1, 20, 300, s -> 0.03, 0.002, 1_000),
                        "fail", "fail"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void canaryVerdicts(String name, List<MetricSampleRecorded> samples, String errorRate, String http5xx) {
        Evaluator evaluator = new Evaluator(EvaluationSettings.DEFAULT, SeedRules.all());
        samples.forEach(evaluator::accept);
        Map<String, String> verdicts = evaluator.health("shop", "prod").orElseThrow().versions().stream()
                .filter(v -> v.version().equals("1.1.0")).findFirst().orElseThrow().rules().stream()
                .filter(r -> r.verdict() != null).collect(Collectors.toMap(RuleHealth::rule, RuleHealth::verdict));
        assertThat(verdicts).as(name).containsEntry("error-rate-5pct", errorRate)
                .containsEntry("http5xx-10-per-min", http5xx);
    }

    private static Arguments row(String name, Trace trace, String errorRate, String http5xx) {
        return Arguments.of(name, trace.samples(), errorRate, http5xx);
    }
}
