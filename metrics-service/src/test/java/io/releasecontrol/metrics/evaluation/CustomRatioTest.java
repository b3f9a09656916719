package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule on an application's own ratio ({@code checkout_failed / checkout_total}) is decided like the
 * error rate: by sequential tests against its threshold and against the baseline's ratio in the
 * same seconds. One row per situation, with the canary's transitions; the error rate stays at 0.5 %.
 */
class CustomRatioTest {

    static final Rule CHECKOUT = new Rule("checkout-failures-5pct", Metric.CUSTOM_RATIO, Comparison.GT, 0.05,
            "critical", Rule.Action.ROLLBACK, Duration.ofMinutes(1), 3, 20, FailurePolicy.consecutive(3),
            Duration.ofSeconds(30), true, true, Rule.Mode.ENFORCE,
            new Rule.Ratio("checkout_failure", "checkout_failed", "checkout_total"));

    static Stream<Arguments> traces() {
        return Stream.of(
                // 1 % of checkouts failing on both versions: nothing
                Arguments.of("healthy", 0.01, 0.01, 0.01, 0.01, List.of()),
                // the canary's checkouts fail at 3 % (under the 5 % threshold) against the baseline's 1 %: at
                // 50 checkouts a second on the canary the comparison has the evidence within three minutes
                Arguments.of("small regression against the baseline", 0.01, 0.01, 0.01, 0.03,
                        List.of("BREACHED checkout-failures-5pct rollback")),
                // 20 %: over the threshold and worse than the baseline
                Arguments.of("large regression", 0.01, 0.01, 0.01, 0.20,
                        List.of("BREACHED checkout-failures-5pct rollback")),
                // both versions' checkouts fail at 20 % (the payment provider is down): an alert
                Arguments.of("shared incident", 0.01, 0.20, 0.01, 0.20,
                        List.of("BREACHED checkout-failures-5pct alert")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void canaryTransitions(String name, double stableBefore, double stableAfter, double canaryBefore,
            double canaryAfter, List<String> expected) {
        List<Rule> rules = new ArrayList<>(SeedRules.all());
        rules.add(CHECKOUT);
        Evaluator evaluator = new Evaluator(EvaluationSettings.DEFAULT, rules);
        Random random = new Random(23);
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        List<String> canary = new ArrayList<>();
        for (int sec = 0; sec < 240; sec++) {
            boolean after = sec >= 60;
            Instant t = t0.plusSeconds(sec);
            for (int i = 0; i < 4; i++) {
                feed(evaluator, random, "1.0.0", "stable-" + i, t, 475, after ? stableAfter : stableBefore);
            }
            canary.addAll(feed(evaluator, random, "1.1.0", "canary-1", t, 100, after ? canaryAfter : canaryBefore));
        }
        assertThat(canary).as(name).containsExactlyElementsOf(expected);
    }

    /** one sample: 0.5 % errors, half of the requests are checkouts, failing at {@code failures} */
    private static List<String> feed(Evaluator evaluator, Random random, String version, String instance, Instant t,
            long requests, double failures) {
        long checkouts = requests / 2;
        var sample = new MetricSampleRecorded("shop", "prod", version, instance, t, requests,
                binomial(random, requests, 0.005), 0L, 120.0, 0.3, 0.5, requests / 4,
                Map.of("checkout_total", (double) checkouts, "checkout_failed", (double) binomial(random, checkouts,
                        failures)));
        List<String> out = new ArrayList<>();
        for (RuleTransition tr : evaluator.accept(sample).transitions()) {
            if (tr.version().equals("1.1.0")) {
                out.add(tr.kind() + " " + tr.rule().id() + " " + tr.action().wire());
                assertThat(tr.evidence().metric()).isEqualTo(tr.rule().metricName());
            }
        }
        return out;
    }

    private static long binomial(Random random, long n, double p) {
        long k = 0;
        for (long i = 0; i < n; i++) {
            k += random.nextDouble() < p ? 1 : 0;
        }
        return k;
    }
}
