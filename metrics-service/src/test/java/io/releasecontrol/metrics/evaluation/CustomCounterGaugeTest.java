package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules on an application's own counter (per minute over the window, like the 5xx count) and gauge
 * (the mean of the samples that sent it, like cpu), with their bad direction from the comparator and
 * the canary judge against the baseline. One row per situation, with the canary's transitions; the
 * built-in metrics stay healthy throughout.
 */
class CustomCounterGaugeTest {

    /** queue lag over 5 s on average over a minute: a rollback */
    static final Rule LAG = new Rule("queue-lag-5s", Metric.CUSTOM_GAUGE, Comparison.GT, 5.0, "critical",
            Rule.Action.ROLLBACK, Duration.ofMinutes(1), 5, 0, FailurePolicy.consecutive(3), Duration.ofSeconds(30),
            true, true, Rule.Mode.ENFORCE, new Rule.Gauge("queue_lag", "queue_lag_seconds"));
    /** the cache's hit share under 60 %: lower is worse, an alert */
    static final Rule HITS = new Rule("cache-hits-60pct", Metric.CUSTOM_GAUGE, Comparison.LT, 0.6, "warning",
            Rule.Action.ALERT, Duration.ofMinutes(1), 5, 0, FailurePolicy.consecutive(3), Duration.ofSeconds(30),
            true, true, Rule.Mode.ENFORCE, new Rule.Gauge("cache_hits", "cache_hit_share"));
    /** more than 120 declined payments a minute: a rollback */
    static final Rule DECLINES = new Rule("payment-declines-120", Metric.CUSTOM_COUNTER, Comparison.GT, 120.0,
            "critical", Rule.Action.ROLLBACK, Duration.ofMinutes(1), 5, 0, FailurePolicy.consecutive(3),
            Duration.ofSeconds(30), true, true, Rule.Mode.ENFORCE, new Rule.Counter("payment_declines",
            "payment_declined"));

    record Values(double lag, double hits, double declinesPerSecond) {
    }

    static Stream<Arguments> traces() {
        Values healthy = new Values(0.8, 0.9, 0.5);
        return Stream.of(
                Arguments.of("healthy", healthy, healthy, List.of()),
                // the canary's queue falls behind: 12 s of lag against the baseline's 0.8 s
                Arguments.of("queue lag", healthy, new Values(12, 0.9, 0.5),
                        List.of("BREACHED queue-lag-5s rollback mean(queue_lag_seconds)")),
                // the canary's cache misses: lower is worse
                Arguments.of("cache hit share falls", healthy, new Values(0.8, 0.3, 0.5),
                        List.of("BREACHED cache-hits-60pct alert mean(cache_hit_share)")),
                // four declined payments a second on the canary alone: 240 a minute
                Arguments.of("payment declines", healthy, new Values(0.8, 0.9, 4),
                        List.of("BREACHED payment-declines-120 rollback sum(payment_declined)/window-minutes")),
                // a gauge the samples stop sending is no evidence either way
                Arguments.of("gauge not sent", healthy, new Values(Double.NaN, 0.9, 0.5), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void canaryTransitions(String name, Values stable, Values canaryAfter, List<String> expected) {
        List<Rule> rules = new ArrayList<>(SeedRules.all());
        rules.addAll(List.of(LAG, HITS, DECLINES));
        Evaluator evaluator = new Evaluator(EvaluationSettings.DEFAULT, rules);
        Random random = new Random(5);
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        List<String> canary = new ArrayList<>();
        for (int sec = 0; sec < 180; sec++) {
            Instant t = t0.plusSeconds(sec);
            for (int i = 0; i < 3; i++) {
                feed(evaluator, random, "1.0.0", "stable-" + i, t.plusMillis(20L * i), stable);
            }
            if (sec >= 30) {
                canary.addAll(feed(evaluator, random, "1.1.0", "canary-1", t.plusMillis(300),
                        sec >= 90 ? canaryAfter : stable));
            }
        }
        assertThat(canary).as(name).containsExactlyElementsOf(expected);
        var health = evaluator.health("shop", "prod").orElseThrow().versions().stream()
                .filter(v -> v.version().equals("1.1.0")).findFirst().orElseThrow();
        assertThat(health.rules()).filteredOn(r -> r.rule().equals("queue-lag-5s")).extracting(r -> r.metric())
                .containsExactly("queue_lag");
    }

    @Test
    void aCustomDefinitionMatchesItsKindOfMetric() {
        assertThatThrownBy(() -> new Rule("x", Metric.CUSTOM_COUNTER, Comparison.GT, 1, "info", Rule.Action.ALERT,
                Duration.ofMinutes(1), 1, 0, FailurePolicy.consecutive(1), Duration.ZERO, true, true, Rule.Mode.ENFORCE,
                new Rule.Gauge("lag", "lag_seconds"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rule.Counter("Bad-Name", "c")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> feed(Evaluator evaluator, Random random, String version, String instance, Instant t,
            Values v) {
        Map<String, Double> custom = new java.util.HashMap<>();
        if (!Double.isNaN(v.lag())) {
            custom.put("queue_lag_seconds", jitter(random, v.lag(), s -> s));
        }
        custom.put("cache_hit_share", Math.min(1, jitter(random, v.hits(), s -> s)));
        custom.put("payment_declined", (double) poisson(random, v.declinesPerSecond()));
        var sample = new MetricSampleRecorded("shop", "prod", version, instance, t, 200L, 1L, 0L, 120.0, 0.3, 0.5, 50L,
                custom);
        List<String> out = new ArrayList<>();
        for (RuleTransition tr : evaluator.accept(sample).transitions()) {
            if (tr.version().equals("1.1.0")) {
                assertThat(tr.evidence().metric()).isEqualTo(tr.rule().metricName());
                String statistic = tr.evidence().statistic();
                out.add(tr.kind() + " " + tr.rule().id() + " " + tr.action().wire() + " "
                        + statistic.substring(0, statistic.indexOf(' ')));
            }
        }
        return out;
    }

    private static double jitter(Random random, double mean, DoubleUnaryOperator f) {
        return f.applyAsDouble(mean * Math.exp(0.1 * random.nextGaussian()));
    }

    private static long poisson(Random random, double mean) {
        long k = 0;
        double l = Math.exp(-mean);
        double p = random.nextDouble();
        while (p > l) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }
}
