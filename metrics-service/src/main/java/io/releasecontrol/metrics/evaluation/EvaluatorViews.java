package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.TargetKey;
import io.releasecontrol.metrics.evaluation.TargetHealth.RuleHealth;
import io.releasecontrol.metrics.evaluation.TargetHealth.VersionHealth;
import io.releasecontrol.metrics.evaluation.TargetState.VersionSlot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Read-only views of an {@link Evaluator}'s live state: health per target and canary comparisons. */
public final class EvaluatorViews {

    private EvaluatorViews() {
    }

    static Optional<TargetHealth> health(Map<String, TargetState> targets,
            java.util.function.Function<TargetState, EffectiveRules> rulesOf, String app, String env) {
        TargetState target = targets.get(TargetKey.of(app, env));
        if (target == null) {
            return Optional.empty();
        }
        synchronized (target) {
            EffectiveRules effective = rulesOf.apply(target);
            List<Rule> rules = effective.rules();
            List<VersionHealth> versions = new ArrayList<>();
            for (VersionSlot slot : target.versions.values()) {
                List<RuleHealth> ruleHealth = new ArrayList<>();
                boolean breached = false;
                for (Rule rule : rules) {
                    RuleState s = slot.rules.get(rule.id());
                    WindowValue w = rule.ratio() != null ? ErrorCounts.windowValue(rule, slot.window)
                            : slot.window.value(rule);
                    String status;
                    if (!rule.enabled()) {
                        status = "disabled";
                    } else if (s != null && s.status() == RuleState.Status.BREACHED) {
                        status = "breached";
                        breached = true;
                    } else if (s == null || s.lastEvaluatedAt() == null) {
                        status = "nodata";
                    } else {
                        status = s.lastFailing() ? "failing" : "ok";
                    }
                    Judgement j = s == null ? null : s.lastJudgement();
                    // the sequential test that speaks for the rule: against the baseline if there is one
                    Cusum test = s == null ? null : s.comparative() != null ? s.comparative() : s.absolute();
                    // rules on error counts: the rule's own verdict (its tests combined as it fails)
                    Cusum.Outcome own = s == null ? null : s.verdict();
                    String verdict = own != null ? own.name().toLowerCase(java.util.Locale.ROOT)
                            : test != null ? test.verdict().name().toLowerCase(java.util.Locale.ROOT)
                            : j == null ? null : j.verdict().wire();
                    ruleHealth.add(new RuleHealth(rule.id(), rule.metricName(), rule.condition(),
                            rule.action().wire(), status, Double.isNaN(w.value()) ? null : w.value(), w.samples(),
                            s != null && s.status() == RuleState.Status.BREACHED ? s.openedAt() : null,
                            s == null ? null : s.lastEvaluatedAt(), verdict,
                            j == null || Double.isNaN(j.pValue()) ? null : j.pValue(),
                            j == null || Double.isNaN(j.effectSize()) ? null : j.effectSize(),
                            s == null ? null : s.lastReason(), s == null ? null : s.comparedWith(),
                            test == null ? null : test.requests(), test == null ? null : test.statistic(),
                            test == null ? null : test.threshold(), rule.mode().wire(),
                            effective.originOf(rule.id())));
                }
                versions.add(new VersionHealth(slot.version, breached ? "breached" : "healthy", slot.window.firstSeen(),
                        slot.window.newest(), ruleHealth));
            }
            return Optional.of(new TargetHealth(app, env, versions));
        }
    }

    /** The evidence about {@code version} since {@code since}; empty when the version sent nothing within the retention. */
    static Optional<StepEvidence> evidence(Map<String, TargetState> targets,
            java.util.function.Function<TargetState, EffectiveRules> rulesOf, String app, String env, String version,
            Instant since) {
        TargetState target = targets.get(TargetKey.of(app, env));
        if (target == null) {
            return Optional.empty();
        }
        synchronized (target) {
            VersionSlot slot = target.versions.get(version);
            if (slot == null || slot.window.newest() == null) {
                return Optional.empty();
            }
            long[] counts = slot.window.since(since.toEpochMilli());
            long end = slot.window.newest().toEpochMilli();
            Duration span = Duration.ofMillis(Math.max(1, end - since.toEpochMilli()));
            Double traffic = target.trafficPercent(slot, Metric.ERROR_RATE, span, end);
            VersionSlot baseline = target.baselineFor(slot, slot.window.newest(), span);
            if (baseline == null) {
                baseline = target.previousFor(slot);
            }
            VersionHealth health = health(targets, rulesOf, app, env).flatMap(h -> h.versions().stream()
                    .filter(v -> v.version().equals(version)).findFirst()).orElse(null);
            return Optional.of(new StepEvidence(version, since, counts[0], counts[1], traffic,
                    baseline == null ? null : baseline.version, slot.window.newest(), health));
        }
    }

    static Optional<List<MetricComparison>> compare(Map<String, TargetState> targets, CanaryJudge judge, String app,
            String env, String baselineVersion, String canaryVersion, Duration window) {
        TargetState target = targets.get(TargetKey.of(app, env));
        if (target == null) {
            return Optional.empty();
        }
        synchronized (target) {
            VersionSlot baseline = target.versions.get(baselineVersion);
            VersionSlot canary = target.versions.get(canaryVersion);
            if (baseline == null || canary == null) {
                return Optional.empty();
            }
            long end = Math.max(baseline.window.newest().toEpochMilli(), canary.window.newest().toEpochMilli());
            List<MetricComparison> out = new ArrayList<>();
            for (Metric m : Metric.builtIn()) {
                WindowValue b = baseline.window.valueAt(m, window, true, end);
                WindowValue c = canary.window.valueAt(m, window, true, end);
                out.add(new MetricComparison(m.wireName(), Double.isNaN(b.value()) ? null : b.value(),
                        Double.isNaN(c.value()) ? null : c.value(), b.samples(), c.samples(),
                        judge.judge(m, true, c.intervals(), b.intervals())));
            }
            return Optional.of(out);
        }
    }
}
