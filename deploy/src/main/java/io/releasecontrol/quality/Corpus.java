package io.releasecontrol.quality;

import io.releasecontrol.quality.LabelledTrace.Expect;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The labelled decision-quality corpus: healthy noise at high and low traffic, single versions and
 * canaries against their baseline, spikes, blips, incidents shared by both versions, step
 * regressions from small to large, slow burns, latency-only, almost no traffic. Every trace is
 * generated from its name, so a run is reproducible to the sample. The stable version is always
 * {@code 1.0.0}, the new one {@code 1.1.0}.
 */
public final class Corpus {

    static final String OLD = "1.0.0";
    static final String NEW = "1.1.0";

    private Corpus() {
    }

    public static List<LabelledTrace> all() {
        List<LabelledTrace> out = new ArrayList<>();
        // --- healthy single versions: noise at 0.5-2 % errors, 1,000 and 5 requests/s
        for (double rate : new double[] {0.005, 0.01, 0.02}) {
            String pct = pct(rate);
            out.add(trace("single-healthy-" + pct + "-1000rps", Expect.NONE, -1, 1000,
                    b -> b.version(NEW, 4).rps(1000).errors(rate).during(0, 300)));
            out.add(trace("single-healthy-" + pct + "-5rps", Expect.NONE, -1, 5,
                    b -> b.version(NEW, 1).rps(5).errors(rate).during(0, 900)));
        }
        // --- healthy canaries: both versions at the same error rate
        out.add(trace("canary-healthy-1pct-2000rps-5pct-share", Expect.NONE, -1, 100, b -> b
                .version(OLD, 4).rps(1900).errors(0.01).during(0, 360)
                .version(NEW, 1).rps(100).errors(0.01).during(60, 360)));
        out.add(trace("canary-healthy-1pct-1000rps-half", Expect.NONE, -1, 500, b -> b
                .version(OLD, 2).rps(500).errors(0.01).during(0, 300)
                .version(NEW, 2).rps(500).errors(0.01).during(60, 300)));
        out.add(trace("canary-healthy-2pct-10000rps-10pct-share", Expect.NONE, -1, 1000, b -> b
                .version(OLD, 9).rps(9000).errors(0.02).during(0, 300)
                .version(NEW, 1).rps(1000).errors(0.02).during(60, 300)));
        out.add(trace("canary-healthy-0.5pct-5rps", Expect.NONE, -1, 5, b -> b
                .version(OLD, 1).rps(5).errors(0.005).during(0, 900)
                .version(NEW, 1).rps(5).errors(0.005).during(60, 900)));
        out.add(trace("canary-almost-no-traffic", Expect.NONE, -1, 0.05, b -> b
                .version(OLD, 2).rps(200).errors(0.01).during(0, 600)
                .version(NEW, 1).rps(0.05).errors(0.01).during(60, 600)));
        out.add(trace("rolling-replacement-healthy-1pct", Expect.NONE, -1, 1000, b -> b
                .version(OLD, 4).rps(1000).errors(0.01).during(0, 180)
                .version(NEW, 4).rps(1000).errors(0.01).during(180, 420)));
        // --- spikes and blips: one instance once, everything for two seconds
        out.add(trace("single-spike-1000rps", Expect.NONE, -1, 1000, b -> b
                .version(NEW, 4).rps(1000).errors(0.01).during(0, 300)
                .one(NEW, NEW + "-i1", 150, 250, 225)));
        out.add(trace("single-spike-5rps", Expect.NONE, -1, 5, b -> b
                .version(NEW, 1).rps(5).errors(0.01).during(0, 600)
                .one(NEW, NEW + "-i0", 300, 8, 8)));
        out.add(trace("two-second-blip-1000rps", Expect.NONE, -1, 1000, b -> b
                .version(NEW, 4).rps(1000).errors(s -> s >= 150 && s < 152 ? 0.40 : 0.01).during(0, 300)));
        out.add(trace("canary-two-second-blip-500rps", Expect.NONE, -1, 500, b -> b
                .version(OLD, 2).rps(1500).errors(0.01).during(0, 300)
                .version(NEW, 1).rps(500).errors(s -> s >= 150 && s < 152 ? 0.40 : 0.01).during(60, 300)));
        out.add(trace("latency-noise-healthy", Expect.NONE, -1, 100, b -> b
                .version(OLD, 4).rps(1900).errors(0.01).p95(s -> 250 + 80 * Math.sin(s / 7.0)).during(0, 300)
                .version(NEW, 1).rps(100).errors(0.01).p95(s -> 250 + 80 * Math.sin(s / 5.0)).during(60, 300)));
        // --- incidents shared by baseline and canary: an alert, no rollback of the canary
        out.add(trace("shared-incident-8pct-2000rps", Expect.ALERT, 150, 100, b -> b
                .version(OLD, 4).rps(1900).errors(s -> s >= 150 && s < 240 ? 0.08 : 0.01).during(0, 360)
                .version(NEW, 1).rps(100).errors(s -> s >= 150 && s < 240 ? 0.08 : 0.01).during(60, 360)));
        out.add(trace("shared-incident-8pct-1000rps-half", Expect.ALERT, 150, 500, b -> b
                .version(OLD, 2).rps(500).errors(s -> s >= 150 && s < 240 ? 0.08 : 0.01).during(0, 360)
                .version(NEW, 2).rps(500).errors(s -> s >= 150 && s < 240 ? 0.08 : 0.01).during(60, 360)));
        out.add(trace("shared-incident-30pct-2000rps", Expect.ALERT, 150, 100, b -> b
                .version(OLD, 4).rps(1900).errors(s -> s >= 150 && s < 200 ? 0.30 : 0.01).during(0, 300)
                .version(NEW, 1).rps(100).errors(s -> s >= 150 && s < 200 ? 0.30 : 0.01).during(60, 300)));
        // --- canary regressions, the canary bad from its first sample (onset = its start)
        for (double bad : new double[] {0.03, 0.08, 0.30}) {
            out.add(trace("canary-1pct-to-" + pct(bad) + "-500rps", Expect.ROLLBACK, 60, 500, b -> b
                    .version(OLD, 3).rps(1500).errors(0.01).during(0, 300)
                    .version(NEW, 1).rps(500).errors(bad).during(60, 300)));
        }
        out.add(trace("canary-1pct-to-3pct-1000rps-10pct-share", Expect.ROLLBACK, 60, 1000, b -> b
                .version(OLD, 9).rps(9000).errors(0.01).during(0, 300)
                .version(NEW, 1).rps(1000).errors(0.03).during(60, 300)));
        out.add(trace("canary-1pct-to-3pct-100rps-5pct-share", Expect.ROLLBACK, 60, 100, b -> b
                .version(OLD, 4).rps(1900).errors(0.01).during(0, 360)
                .version(NEW, 1).rps(100).errors(0.03).during(60, 360)));
        out.add(trace("canary-step-1pct-to-5pct-midway-600rps", Expect.ROLLBACK, 180, 600, b -> b
                .version(OLD, 3).rps(1400).errors(0.01).during(0, 360)
                .version(NEW, 1).rps(600).errors(s -> s >= 180 ? 0.05 : 0.01).during(60, 360)));
        out.add(trace("canary-1pct-to-40pct-5rps", Expect.ROLLBACK, 60, 5, b -> b
                .version(OLD, 1).rps(5).errors(0.01).during(0, 600)
                .version(NEW, 1).rps(5).errors(0.40).during(60, 600)));
        out.add(trace("canary-slow-burn-600rps", Expect.ROLLBACK, 60 + 36, 600, b -> b
                // 1 % -> 6 % over 180 s; onset when it doubles the baseline's 1 %
                .version(OLD, 3).rps(1400).errors(0.01).during(0, 360)
                .version(NEW, 1).rps(600).errors(s -> Math.min(0.06, 0.01 + 0.05 * (s - 60) / 180)).during(60, 360)));
        // --- single-version regressions over the absolute threshold (no baseline at all)
        out.add(trace("single-step-1pct-to-8pct-1000rps", Expect.ROLLBACK, 120, 1000, b -> b
                .version(NEW, 4).rps(1000).errors(s -> s >= 120 ? 0.08 : 0.01).during(0, 300)));
        out.add(trace("single-step-1pct-to-30pct-1000rps", Expect.ROLLBACK, 120, 1000, b -> b
                .version(NEW, 4).rps(1000).errors(s -> s >= 120 ? 0.30 : 0.01).during(0, 300)));
        out.add(trace("single-step-1pct-to-15pct-5rps", Expect.ROLLBACK, 120, 5, b -> b
                .version(NEW, 1).rps(5).errors(s -> s >= 120 ? 0.15 : 0.01).during(0, 900)));
        out.add(trace("single-step-1pct-to-50pct-5rps", Expect.ROLLBACK, 120, 5, b -> b
                .version(NEW, 1).rps(5).errors(s -> s >= 120 ? 0.50 : 0.01).during(0, 600)));
        out.add(trace("single-slow-burn-1pct-to-12pct-1000rps", Expect.ROLLBACK, 109, 1000, b -> b
                // crosses the 5 % threshold at second 109
                .version(NEW, 4).rps(1000).errors(s -> 0.01 + 0.11 * s / 300).during(0, 300)));
        // --- a replacement (rolling / blue-green) worse than the version it replaced
        out.add(trace("rolling-replacement-1pct-to-3pct-1000rps", Expect.ROLLBACK, 180, 1000, b -> b
                .version(OLD, 4).rps(1000).errors(0.01).during(0, 180)
                .version(NEW, 4).rps(1000).errors(0.03).during(180, 420)));
        // --- latency only: the seed latency rule alerts
        out.add(trace("canary-latency-only-200-to-1500ms", Expect.ALERT_ON_NEW, 60, 500, b -> b
                .version(OLD, 3).rps(1500).errors(0.01).p95(s -> 200).during(0, 300)
                .version(NEW, 1).rps(500).errors(0.01).p95(s -> 1500).during(60, 300)));
        out.add(trace("single-latency-step-200-to-1500ms", Expect.ALERT_ON_NEW, 120, 1000, b -> b
                .version(NEW, 4).rps(1000).errors(0.01).p95(s -> s >= 120 ? 1500 : 200).during(0, 300)));
        // --- a regression only the application's own metric sees: failed checkouts, errors unchanged
        out.add(custom(trace("canary-checkout-failures-1pct-to-8pct-500rps", Expect.ROLLBACK, 60, 500, b -> b
                .version(OLD, 3).rps(1500).errors(0.01).checkouts(0.2, s -> 0.01).during(0, 300)
                .version(NEW, 1).rps(500).errors(0.01).checkouts(0.2, s -> s >= 60 ? 0.08 : 0.01).during(20, 300))));
        out.add(custom(trace("canary-checkout-healthy-1pct-500rps", Expect.NONE, -1, 500, b -> b
                .version(OLD, 3).rps(1500).errors(0.01).checkouts(0.2, s -> 0.01).during(0, 300)
                .version(NEW, 1).rps(500).errors(0.01).checkouts(0.2, s -> 0.01).during(20, 300))));
        return out;
    }

    /** The checkout rule an application's policy would add: failed checkouts over 5 %, or worse than the baseline. */
    static final Map<String, Object> CHECKOUT_RULE = Map.of("id", "checkout-failures-5pct", "metric", "checkout_failure",
            "ratio", Map.of("numerator", "checkout_failed", "denominator", "checkout_total"), "threshold", 0.05,
            "severity", "critical", "action", "rollback", "window", "PT1M", "minSamples", 3, "minRequests", 20);

    private static LabelledTrace custom(LabelledTrace t) {
        return new LabelledTrace(t.name(), t.expect(), t.newVersion(), t.onsetSecond(), t.newVersionRps(), t.samples(),
                List.of(CHECKOUT_RULE));
    }

    private static LabelledTrace trace(String name, Expect expect, int onset, double newRps,
            Function<TraceBuilder, TraceBuilder> build) {
        return new LabelledTrace(name, expect, NEW, onset, newRps, build.apply(new TraceBuilder(application(name))).samples());
    }

    /** the trace's application name: its name as a valid application name */
    static String application(String name) {
        String app = name.replace('.', '-');
        return app.length() > 63 ? app.substring(0, 63) : app;
    }

    private static String pct(double rate) {
        double p = rate * 100;
        return (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)) + "pct";
    }
}
