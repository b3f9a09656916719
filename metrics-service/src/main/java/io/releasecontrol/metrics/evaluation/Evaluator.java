package io.releasecontrol.metrics.evaluation;

import io.releasecontrol.events.TargetKey;
import io.releasecontrol.events.alert.Evidence;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.evaluation.TargetState.VersionSlot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streaming rule engine: every sample updates its version's window and evaluates every
 * enabled rule for that version at once, returning the breaches and recoveries it caused. No I/O,
 * no clock: time is the samples' time, so a replay gives the verdicts live ingest gave. Thread-safe:
 * samples of one target are evaluated one at a time (Kafka delivers a target on one partition anyway).
 */
public final class Evaluator {

    /** What one sample did: evaluated with these transitions, or dropped as late or as a duplicate. */
    public record Result(Admission admission, List<RuleTransition> transitions) {
        static final Result LATE = new Result(Admission.LATE, List.of());
        static final Result DUPLICATE = new Result(Admission.DUPLICATE, List.of());

        public boolean late() {
            return admission == Admission.LATE;
        }

        public boolean duplicate() {
            return admission == Admission.DUPLICATE;
        }
    }

    public enum Admission { ACCEPTED, LATE, DUPLICATE }

    private final EvaluationSettings settings;
    private final CanaryJudge judge;
    private final ErrorCounts errorCounts;
    private final Map<String, TargetState> targets = new ConcurrentHashMap<>();
    /** The global rules and how a target's rules derive from them; replaced whole, never changed. */
    record Book(List<Rule> global, RuleResolver resolver) {
        EffectiveRules resolve(String application, String environment) {
            return resolver.resolve(global, application, environment);
        }
    }

    private volatile Book book;

    public Evaluator(EvaluationSettings settings, List<Rule> rules) {
        this.settings = settings;
        this.judge = new CanaryJudge(settings.canary());
        this.errorCounts = new ErrorCounts(settings);
        this.book = new Book(List.of(), RuleResolver.GLOBAL_ONLY);
        rules(rules);
    }

    public EvaluationSettings settings() {
        return settings;
    }

    /** The global rules. */
    public List<Rule> rules() {
        return book.global();
    }

    /**
     * Replaces the global rule set; states of rules that keep their id and definition carry over (a
     * changed definition starts its state afresh).
     */
    public synchronized void rules(List<Rule> newRules) {
        checkWindows(newRules);
        this.book = new Book(List.copyOf(newRules), book.resolver());
    }

    /** Replaces how a target's rules derive from the global ones (its analysis policies). */
    public synchronized void resolver(RuleResolver resolver) {
        this.book = new Book(book.global(), resolver);
    }

    /** The rules that evaluate this target now, each with the policy it came from. */
    public EffectiveRules rulesFor(String application, String environment) {
        return book.resolve(application, environment);
    }

    private void checkWindows(List<Rule> rules) {
        for (Rule r : rules) {
            if (r.window().compareTo(settings.retention()) > 0) {
                throw new IllegalArgumentException("rule " + r.id() + ": window " + r.window()
                        + " is longer than the window retention " + settings.retention());
            }
        }
    }

    /** The target's rules, resolved again only when the book changed since its last sample (a reference check). */
    private EffectiveRules effective(TargetState target) {
        Book current = book;
        if (target.book != current) {
            target.effective = current.resolve(target.application, target.environment);
            checkWindows(target.effective.rules());
            target.book = current;
        }
        return target.effective;
    }

    public Optional<TargetHealth> health(String application, String environment) {
        return EvaluatorViews.health(targets, this::effective, application, environment);
    }

    /** The newest sample time of the target, any version: the target's own clock. */
    public Optional<Instant> clock(String application, String environment) {
        TargetState target = targets.get(TargetKey.of(application, environment));
        if (target == null) {
            return Optional.empty();
        }
        synchronized (target) {
            return target.versions.values().stream().map(v -> v.window.newest()).filter(java.util.Objects::nonNull)
                    .max(Instant::compareTo);
        }
    }

    /** What the windows hold about {@code version} since {@code since}: a step gate's evidence. */
    public Optional<StepEvidence> evidence(String application, String environment, String version, Instant since) {
        return EvaluatorViews.evidence(targets, this::effective, application, environment, version, since);
    }

    /** Every metric of {@code canary} judged against {@code baseline} over {@code window}; empty if either is unknown. */
    public Optional<List<MetricComparison>> compare(String application, String environment, String baseline,
            String canary, java.time.Duration window) {
        return EvaluatorViews.compare(targets, judge, application, environment, baseline, canary, window);
    }

    /** How many target-versions hold a window (each costs a fixed ring of buckets). */
    public int windows() {
        return targets.values().stream().mapToInt(t -> {
            synchronized (t) {
                return t.versions.size();
            }
        }).sum();
    }

    /**
     * Drops the state of these targets ({@code application:environment} keys): another instance
     * evaluates them now (their Kafka partition moved), and it would be stale when they come back.
     */
    public void forget(java.util.Collection<String> targetKeys) {
        targetKeys.forEach(targets::remove);
    }

    public Result accept(MetricSampleRecorded sample) {
        TargetState target = targets.computeIfAbsent(TargetKey.of(sample.application(), sample.environment()),
                k -> new TargetState(sample.application(), sample.environment()));
        synchronized (target) {
            VersionSlot slot = target.slot(sample.version(), sample.time(), settings);
            switch (slot.window.add(sample)) {
                case LATE:
                    return Result.LATE;
                case DUPLICATE:
                    return Result.DUPLICATE;
                default:
                    break;
            }
            slot.counts.add(sample, settings.sequential().slotOf(sample.time().toEpochMilli()));
            target.evictSilent(slot.window.newest(), settings.retention());
            List<RuleTransition> out = new ArrayList<>(0);
            EffectiveRules effective = effective(target);
            List<Rule> rules = effective.rules();
            for (Rule rule : rules) {
                if (rule.enabled()) {
                    evaluate(target, slot, rule, sample.time()).ifPresent(t -> out.add(decided(t, effective)));
                }
            }
            // a baseline's sample completes the same seconds of the versions compared with it
            for (VersionSlot other : target.versions.values()) {
                if (other == slot || other.counts.slot != slot.counts.slot) {
                    continue;
                }
                for (Rule rule : rules) {
                    if (rule.enabled() && ErrorCounts.applies(rule)
                            && target.baselineFor(other, other.window.newest(), rule.window()) == slot) {
                        evaluate(target, other, rule, sample.time()).ifPresent(t -> out.add(decided(t, effective)));
                    }
                }
            }
            return new Result(Admission.ACCEPTED, out);
        }
    }

    /** The evidence names the policy the rule came from and, for a dry-run rule, the action it would have taken. */
    private static RuleTransition decided(RuleTransition t, EffectiveRules effective) {
        String dryRun = t.rule().mode() == Rule.Mode.DRY_RUN ? t.action().wire() : null;
        return t.withEvidence(t.evidence().withPolicy(effective.originOf(t.rule().id()), dryRun));
    }

    private Optional<RuleTransition> evaluate(TargetState target, VersionSlot slot, Rule rule, Instant at) {
        if (ErrorCounts.applies(rule)) {
            return errorCounts.evaluate(target, slot, rule, at);
        }
        boolean higherIsWorse = rule.comparator().higherIsWorse();
        WindowValue w = slot.window.value(rule);
        if (w.samples() < rule.minSamples() || w.requests() < rule.minRequests()) {
            return Optional.empty(); // not enough data: the evaluation does not count either way
        }
        boolean absolute = rule.comparator().crosses(w.valueWithoutWorst(), rule.threshold());
        boolean raw = rule.comparator().crosses(w.value(), rule.threshold());
        Judgement judgement = null;
        VersionSlot baseline = null;
        if (rule.canaryJudge()) {
            baseline = target.baselineFor(slot, slot.window.newest(), rule.window());
            if (baseline != null) {
                long end = slot.window.newest().toEpochMilli();
                WindowValue b = baseline.window.valueAt(rule, end);
                judgement = judge.judge(rule.metric(), higherIsWorse, w.intervals(), b.intervals());
                // shared bad luck: the baseline is as bad and the canary is not significantly worse
                if (absolute && judgement.verdict() != Verdict.FAIL && b.samples() >= rule.minSamples()
                        && rule.comparator().crosses(b.value(), rule.threshold())) {
                    absolute = false;
                }
            }
        }
        boolean canaryFails = judgement != null && judgement.verdict() == Verdict.FAIL;
        boolean failing = absolute || canaryFails;
        boolean healthy = !raw && !canaryFails;
        RuleState state = slot.rule(rule);
        RuleState.Change change = state.record(rule, failing, healthy, at, judgement);
        if (change == RuleState.Change.NONE) {
            return Optional.empty(); // the common case: no evidence to build
        }
        Evidence evidence = evidence(target, slot, rule, w, at, judgement, baseline, absolute, canaryFails);
        return Optional.of(new RuleTransition(change == RuleState.Change.CLOSED ? RuleTransition.Kind.RECOVERED
                : RuleTransition.Kind.BREACHED, rule, rule.action(), target.application, target.environment, slot.version, evidence,
                at, state.openedAt()));
    }

    private Evidence evidence(TargetState target, VersionSlot slot, Rule rule, WindowValue w, Instant at,
            Judgement judgement, VersionSlot baseline, boolean absolute, boolean canaryFails) {
        StringBuilder statistic = new StringBuilder();
        if (canaryFails && !absolute) {
            statistic.append(judgement.describe(baseline.version));
        } else {
            statistic.append(rule.statistic()).append(String.format(java.util.Locale.ROOT,
                    " = %.4g (%.4g without the worst sample)", w.value(), w.valueWithoutWorst()));
            if (judgement != null) {
                statistic.append("; ").append(judgement.describe(baseline.version));
            }
        }
        statistic.append("; opens after ").append(rule.failure().describe());
        Double traffic = target.trafficPercent(slot, rule.metric(), rule.window(), slot.window.newest().toEpochMilli());
        return new Evidence(rule.id(), rule.metricName(), w.value(), rule.threshold(), rule.window(),
                w.samples(), statistic.toString(), traffic, w.first(), at,
                judgement == null || Double.isNaN(judgement.pValue()) ? null : judgement.pValue(),
                judgement == null || Double.isNaN(judgement.effectSize()) ? null : judgement.effectSize(),
                judgement == null ? "window" : "window+mann-whitney", baseline == null ? null : baseline.version,
                w.requests(), null, null);
    }
}
