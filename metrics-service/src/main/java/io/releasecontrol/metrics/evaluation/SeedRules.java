package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.metrics.evaluation.Rule.Action;
import java.time.Duration;
import java.util.List;

/**
 * The runbook's seed thresholds. Rollback rules need 3 consecutive failing evaluations over a
 * 1-minute window with at least 5 samples; alert rules 3 of the last 5. A breach recovers after
 * the rule holds for 30 s. Operators change them through the rules API.
 */
public final class SeedRules {

    public static final Duration WINDOW = Duration.ofMinutes(1);
    public static final Duration RECOVERY = Duration.ofSeconds(30);

    private SeedRules() {
    }

    public static List<Rule> all() {
        return List.of(
                new Rule("error-rate-5pct", Metric.ERROR_RATE, Comparison.GT, 0.05, "critical", Action.ROLLBACK,
                        WINDOW, 3, 20, FailurePolicy.consecutive(3), RECOVERY, true, true),
                new Rule("http5xx-10-per-min", Metric.HTTP_5XX_PER_MINUTE, Comparison.GT, 10, "critical",
                        Action.ROLLBACK, WINDOW, 3, 0, FailurePolicy.consecutive(3), RECOVERY, true, true),
                new Rule("latency-p95-1s", Metric.LATENCY_P95_MS, Comparison.GT, 1000, "warning", Action.ALERT,
                        WINDOW, 5, 0, new FailurePolicy(3, 5), RECOVERY, true, true),
                new Rule("cpu-70pct", Metric.CPU, Comparison.GT, 0.70, "warning", Action.ALERT,
                        WINDOW, 5, 0, new FailurePolicy(3, 5), RECOVERY, false, true),
                new Rule("memory-80pct", Metric.MEMORY, Comparison.GT, 0.80, "warning", Action.ALERT,
                        WINDOW, 5, 0, new FailurePolicy(3, 5), RECOVERY, false, true));
    }
}
