package io.releasecontrol.quality;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.util.List;

/**
 * A metric trace of one target with what a good judge must do with it.
 *
 * @param name        what the trace is, e.g. {@code canary-1pct-to-3pct-500rps}
 * @param expect      the right outcome for {@code newVersion}
 * @param newVersion  the freshly deployed version: the only one a rollback may hit
 * @param onsetSecond when the regression (or the shared incident) starts, seconds into the trace; -1 for none
 * @param newVersionRps requests per second on the new version (the delay goals depend on it)
 * @param extraRules  rules the target's analysis policy adds (API shape), replayed beside the stack's
 */
public record LabelledTrace(String name, Expect expect, String newVersion, int onsetSecond, double newVersionRps,
        List<MetricSampleRecorded> samples, List<java.util.Map<String, Object>> extraRules) {

    public LabelledTrace(String name, Expect expect, String newVersion, int onsetSecond, double newVersionRps,
            List<MetricSampleRecorded> samples) {
        this(name, expect, newVersion, onsetSecond, newVersionRps, samples, List.of());
    }

    /** The right outcome. */
    public enum Expect {
        /** healthy: no rollback of the new version (alerts are counted, not failed) */
        NONE,
        /** an incident the new version did not cause: an alert, no rollback of the new version */
        ALERT,
        /** a regression of the new version that only alerts by design (latency): any breach of it after onset */
        ALERT_ON_NEW,
        /** a regression of the new version: a rollback breach of it after onset */
        ROLLBACK
    }
}
