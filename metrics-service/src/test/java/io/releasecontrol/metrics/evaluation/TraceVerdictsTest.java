package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Metric traces through the seed rules, one row per situation, with the transitions each must give. */
class TraceVerdictsTest {

    static Stream<Arguments> traces() {
        return Stream.of(
                // error rate wobbling between 0 % and 4 %: nothing
                row("healthy-noisy", Trace.create().errors("1.0.0", 3, 0, 300, s -> 0.02, 0.02)),
                // one instance reports 90 % errors once inside a healthy stream: nothing
                row("single spike", Trace.create().errors("1.0.0", 3, 0, 300, s -> 0.01, 0.005)
                        .one("1.0.0", 150, 200, 180)),
                // error rate creeping from 1 % to 12 % over five minutes: a rollback breach, once
                row("slow burn", Trace.create().errors("1.0.0", 3, 0, 300, s -> 0.01 + 0.11 * s / 300, 0.005),
                        "BREACHED error-rate-5pct 1.0.0 rollback"),
                // healthy, then 15 % errors for two minutes, then healthy: one breach, then recovery
                row("step regression and recovery", Trace.create()
                                .errors("1.0.0", 3, 0, 120, s -> 0.01, 0.005)
                                .errors("1.0.0", 3, 120, 240, s -> 0.15, 0.01)
                                .errors("1.0.0", 3, 240, 400, s -> 0.01, 0.005),
                        "BREACHED error-rate-5pct 1.0.0 rollback", "RECOVERED error-rate-5pct 1.0.0 rollback"),
                // the canary runs at 2.5 % errors, under the 5 % threshold, while the baseline runs at 0.5 %
                row("canary-only regression", Trace.create()
                                .errors("1.0.0", 3, 0, 240, s -> 0.005, 0.003)
                                .errors("2.0.0", 1, 60, 240, s -> 0.025, 0.005),
                        "BREACHED error-rate-5pct 2.0.0 rollback"),
                // canary and baseline both wobble between 0 % and 4 %: nothing
                row("canary sharing baseline noise", Trace.create()
                        .errors("1.0.0", 3, 0, 240, s -> 0.02, 0.02)
                        .errors("2.0.0", 1, 60, 240, s -> 0.02, 0.02)),
                // a downstream outage hits both at 8 %: the baseline breaches; the canary's breach is an
                // alert only (the baseline shares it), so the orchestrator rolls nothing back
                row("canary sharing baseline bad luck", Trace.create()
                                .errors("1.0.0", 3, 0, 60, s -> 0.01, 0.005)
                                .errors("2.0.0", 1, 30, 60, s -> 0.01, 0.005)
                                .errors("1.0.0", 3, 60, 180, s -> 0.08, 0.01)
                                .errors("2.0.0", 1, 60, 180, s -> 0.08, 0.01),
                        "BREACHED error-rate-5pct 1.0.0 rollback", "BREACHED error-rate-5pct 2.0.0 alert"),
                // two samples at 50 % errors: fewer slots of evidence than the sequential test needs (3)
                row("too few samples", Trace.create().errors("1.0.0", 1, 0, 10, s -> 0.5, 0.0)),
                // p95 steps from 200 ms to 1.5 s: an alert, not a rollback
                row("latency step", Trace.create()
                                .latency("1.0.0", 2, 0, 60, s -> 200)
                                .latency("1.0.0", 2, 60, 180, s -> 1500),
                        "BREACHED latency-p95-1s 1.0.0 alert"),
                // 4 instances with 5 × 5xx every 5 s = 240/min and no baseline to compare with: the
                // runbook's "investigate immediately", an alert
                row("5xx burst", Trace.create().http5xx("1.0.0", 4, 0, 120, s -> s < 60 ? 0 : 5),
                        "BREACHED http5xx-10-per-min 1.0.0 alert"),
                // 1,000 requests/s at 1 % errors on one version (600 5xx a minute): the count alerts,
                // nothing rolls back
                row("healthy at high traffic", Trace.create().errors("1.0.0", 4, 0, 300, s -> 0.01, 0.004, 1250),
                        "BREACHED http5xx-10-per-min 1.0.0 alert"),
                // a canary at 3 % errors against a baseline at 1 %, both at high traffic: under the 5 %
                // threshold, caught by the comparison (the 5xx count too: the canary's 5xx rate is worse)
                row("canary 1 % -> 3 %", Trace.create()
                                .errors("1.0.0", 4, 0, 180, s -> 0.01, 0.002, 1250)
                                .errors("2.0.0", 1, 60, 180, s -> 0.03, 0.003, 1250),
                        "BREACHED http5xx-10-per-min 1.0.0 alert", "BREACHED error-rate-5pct 2.0.0 rollback",
                        "BREACHED http5xx-10-per-min 2.0.0 rollback"),
                // both at the same 1 % at high traffic: the canary's many 5xx are no worse than the
                // baseline's, so nothing about the canary at all
                row("healthy canary at high traffic", Trace.create()
                        .errors("1.0.0", 4, 0, 180, s -> 0.01, 0.004, 1250)
                        .errors("2.0.0", 1, 60, 180, s -> 0.01, 0.004, 1250),
                        "BREACHED http5xx-10-per-min 1.0.0 alert"),
                // cpu flat at 75 %: alert
                row("cpu saturation", Trace.create().cpu("1.0.0", 2, 0, 120, s -> 0.75),
                        "BREACHED cpu-70pct 1.0.0 alert"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void givesTheExpectedTransitions(String name, List<MetricSampleRecorded> samples, List<String> expected) {
        Evaluator evaluator = new Evaluator(EvaluationSettings.DEFAULT, SeedRules.all());
        List<String> transitions = new ArrayList<>();
        List<RuleTransition> all = new ArrayList<>();
        for (MetricSampleRecorded s : samples) {
            for (RuleTransition t : evaluator.accept(s).transitions()) {
                transitions.add(t.kind() + " " + t.rule().id() + " " + t.version() + " " + t.action().wire());
                all.add(t);
            }
        }
        assertThat(transitions).as(name).containsExactlyElementsOf(expected);
        for (RuleTransition t : all) {
            // at least the seed rules' minimum samples, and the requests the verdict rests on
            assertThat(t.evidence().samples()).isGreaterThanOrEqualTo(3);
            assertThat(t.evidence().requests()).isNotNull().isPositive();
            assertThat(t.evidence().firstSampleAt()).isBeforeOrEqualTo(t.evidence().lastSampleAt());
            assertThat(t.evidence().trafficPercent()).isNotNull();
        }
    }

    private static Arguments row(String name, Trace trace, String... expected) {
        return Arguments.of(name, trace.samples(), List.of(expected));
    }
}
