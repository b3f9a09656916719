package io.releasecontrol.metrics.gate;

import io.releasecontrol.metrics.evaluation.StepEvidence;
import io.releasecontrol.metrics.evaluation.TargetHealth.RuleHealth;
import io.releasecontrol.metrics.gate.GateVerdict.RuleVerdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a deployment step may advance: {@code pass} only when the version has at least
 * the policy's minimum evidence since the step began and every rule passes — a rule on error counts
 * by its sequential test's {@code pass}, a window rule by holding with enough samples. Any failing
 * or breached rule is {@code fail}; everything short of that is {@code inconclusive}, with the
 * shortfall in words. Dry-run rules take no part. Pure: the same evidence gives the same verdict.
 */
public final class StepGate {

    private StepGate() {
    }

    public static GateVerdict decide(String application, String environment, String version, Instant since,
            StepEvidence evidence, Instant clock, GateSettings gate) {
        return decide(application, environment, version, since, evidence, clock, gate, List.of());
    }

    /** @param enforced the target's enforced rules, listed as undecided when the version has sent nothing yet */
    public static GateVerdict decide(String application, String environment, String version, Instant since,
            StepEvidence evidence, Instant clock, GateSettings gate, List<String> enforced) {
        long requests = evidence == null ? 0 : evidence.requests();
        long samples = evidence == null ? 0 : evidence.samples();
        Double traffic = evidence == null ? null : evidence.trafficPercent();
        List<RuleVerdict> rules = new ArrayList<>();
        if (evidence == null) {
            // nothing measured: undecided, unless the policy asks for no evidence at all
            boolean wanted = gate.minRequests() > 0 || gate.minIntervals() > 0;
            for (String id : enforced) {
                rules.add(new RuleVerdict(id, wanted ? GateVerdict.INCONCLUSIVE : "unmeasured",
                        "no samples of " + version + " yet"));
            }
        } else if (evidence.health() != null) {
            for (RuleHealth r : evidence.health().rules()) {
                // a dry-run rule records what it would have done and never holds a deployment
                if ("disabled".equals(r.status())) {
                    continue; // disabled by the application's policy: not part of its analysis
                }
                rules.add("dry-run".equals(r.mode()) ? new RuleVerdict(r.rule(), "dry-run", "not enforced") : rule(r));
            }
        }
        List<String> failing = rules.stream().filter(r -> r.verdict().equals(GateVerdict.FAIL))
                .map(r -> r.rule() + " (" + r.why() + ")").toList();
        List<String> undecided = rules.stream().filter(r -> r.verdict().equals(GateVerdict.INCONCLUSIVE))
                .map(r -> r.rule() + " (" + r.why() + ")").toList();
        List<String> short_ = new ArrayList<>();
        if (requests < gate.minRequests()) {
            short_.add(String.format(Locale.ROOT, "%,d of %,d requests", requests, gate.minRequests()));
        }
        if (samples < gate.minIntervals()) {
            short_.add(String.format(Locale.ROOT, "%,d of %,d samples", samples, gate.minIntervals()));
        }
        String at = traffic == null ? "" : String.format(Locale.ROOT, " at %.1f %%", traffic);
        String verdict;
        String reason;
        if (!failing.isEmpty()) {
            verdict = GateVerdict.FAIL;
            reason = "analysis failing: " + String.join("; ", failing);
        } else if (evidence == null && (gate.minRequests() > 0 || gate.minIntervals() > 0)) {
            verdict = GateVerdict.INCONCLUSIVE;
            reason = "waiting for evidence: no samples of " + version + " in " + environment
                    + (Instant.EPOCH.equals(since) ? "" : " since " + since);
        } else if (!short_.isEmpty() || !undecided.isEmpty()) {
            verdict = GateVerdict.INCONCLUSIVE;
            reason = "waiting for evidence: " + (short_.isEmpty() ? "" : String.join(" and ", short_) + at)
                    + (short_.isEmpty() || undecided.isEmpty() ? "" : "; ")
                    + (undecided.isEmpty() ? "" : "undecided " + String.join("; ", undecided));
        } else {
            verdict = GateVerdict.PASS;
            reason = String.format(Locale.ROOT, "passed: %,d requests in %,d samples%s", requests, samples, at)
                    + (rules.isEmpty() ? "" : "; every rule passes")
                    + (evidence != null && evidence.baseline() != null ? " (baseline " + evidence.baseline() + ")" : "");
        }
        return new GateVerdict(application, environment, version, verdict, reason, since, requests,
                gate.minRequests(), samples, gate.minIntervals(), traffic,
                evidence == null ? null : evidence.baseline(), evidence == null ? null : evidence.lastSampleAt(),
                clock, rules, gate.view());
    }

    /** One rule's part: failing or breached fails; a sequential verdict speaks for itself; a window rule passes when measured and holding. */
    static RuleVerdict rule(RuleHealth r) {
        if ("breached".equals(r.status()) || "failing".equals(r.status())) {
            return new RuleVerdict(r.rule(), GateVerdict.FAIL, r.status() + ": " + describe(r));
        }
        if (r.logLikelihoodRatio() != null || r.bound() != null) {
            // a sequential test on counts: pass needs its own evidence, not just quiet
            String v = r.verdict() == null ? GateVerdict.INCONCLUSIVE : r.verdict();
            String why = String.format(Locale.ROOT, "sequential %s after %,d requests%s", v,
                    r.requests() == null ? 0 : r.requests(), r.baseline() == null ? "" : " vs " + r.baseline());
            return new RuleVerdict(r.rule(), v.equals("pass") ? GateVerdict.PASS
                    : v.equals("fail") ? GateVerdict.FAIL : GateVerdict.INCONCLUSIVE, why);
        }
        if ("nodata".equals(r.status())) {
            return r.samples() == null || r.samples() == 0
                    ? new RuleVerdict(r.rule(), "unmeasured", "the version reports no " + r.metric())
                    : new RuleVerdict(r.rule(), GateVerdict.INCONCLUSIVE, r.samples() + " samples, not enough to evaluate");
        }
        if ("fail".equals(r.verdict())) {
            return new RuleVerdict(r.rule(), GateVerdict.FAIL, "canary judge: worse than its baseline");
        }
        return new RuleVerdict(r.rule(), GateVerdict.PASS, r.condition() + " holds"
                + (r.value() == null ? "" : String.format(Locale.ROOT, " (%.4g)", r.value())));
    }

    private static String describe(RuleHealth r) {
        return r.method() != null && r.lastEvaluatedAt() != null && r.value() != null
                ? String.format(Locale.ROOT, "%s = %.4g", r.metric(), r.value()) + (r.baseline() == null ? ""
                        : " vs " + r.baseline())
                : r.condition();
    }
}
