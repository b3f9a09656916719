package io.releasecontrol.orchestrator.decision;

import static io.releasecontrol.orchestrator.decision.Numbers.num;

import java.time.Duration;
import java.util.Locale;

/** What asked for the decision: a breach with its numbers, a dry-run rule, a corruption report or a person. */
public sealed interface TriggerReason extends Reason {

    /**
     * The breach in numbers. The relation is the numbers' own: a breach decided against the
     * baseline can lie under the threshold (errorRate 0.031 < threshold 0.05, worse than its
     * baseline: the statistic names the test), and a lower-is-worse rule breaches under it.
     */
    record Breached(String rule, String version, String metric, Double observed, Double threshold, Duration window,
            Integer samples, String statistic) implements TriggerReason {

        static Breached of(Trigger t) {
            return new Breached(t.rule(), t.version(), t.metric(), t.observed(), t.threshold(), t.window(),
                    t.samples(), t.statistic());
        }

        @Override
        public String text() {
            String relation = observed == null || threshold == null ? "vs"
                    : observed > threshold ? ">" : observed < threshold ? "<" : "=";
            return String.format(Locale.ROOT, "%s %s of %s: %s %s %s threshold %s over %s (%d samples, %s)",
                    rule == null ? "rule" : "rule " + rule, "breached", version, metric, num(observed), relation,
                    num(threshold), window, samples == null ? 0 : samples, statistic);
        }
    }

    /** A dry-run rule's breach: what the rule would have asked for (rollback, alert, or another action). */
    record DryRun(String rule, String wouldAction) implements TriggerReason {

        @Override
        public String text() {
            String would = wouldAction == null ? "acted (action unknown)"
                    : switch (wouldAction) {
                        case "rollback" -> "rolled back";
                        case "alert" -> "alerted";
                        default -> wouldAction;
                    };
            return "dry-run: would have " + would + " (rule " + rule + " is in dry-run mode: no saga, no notification)";
        }
    }

    record CorruptionReported(String reportedBy, String version, String description) implements TriggerReason {

        @Override
        public String text() {
            return "data corruption reported by " + reportedBy + " for " + version
                    + (description == null ? "" : ": " + description);
        }
    }

    record ManualRequest(String requestedBy, String description) implements TriggerReason {

        @Override
        public String text() {
            return "manual rollback requested by " + requestedBy + (description == null ? "" : ": " + description);
        }
    }
}
