package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine evaluates each target with the rules its resolver gives it, and keeps states only of unchanged rules. */
class EffectiveRulesEvaluationTest {

    static final Rule CPU = new Rule("cpu-50pct", Metric.CPU, Comparison.GT, 0.5, "warning", Rule.Action.ROLLBACK,
            Duration.ofMinutes(1), 3, 0, FailurePolicy.consecutive(3), Duration.ofSeconds(30), false, true,
            Rule.Mode.DRY_RUN);

    /** Every target of "shop" gets CPU besides the global rules, named as the policy "application shop". */
    static final RuleResolver SHOP = (global, app, env) -> {
        if (!app.equals("shop")) {
            return EffectiveRules.global(global);
        }
        List<Rule> rules = new ArrayList<>(global);
        rules.add(CPU);
        return new EffectiveRules(rules, Map.of(CPU.id(), "application shop"));
    };

    static List<RuleTransition> feed(Evaluator e, List<MetricSampleRecorded> samples) {
        List<RuleTransition> out = new ArrayList<>();
        samples.forEach(s -> out.addAll(e.accept(s).transitions()));
        return out;
    }

    static List<MetricSampleRecorded> hot(String app, int from, int to) {
        return Trace.create().cpu("1.0.0", 1, from, to, s -> 0.9).samples().stream()
                .map(s -> new MetricSampleRecorded(app, s.environment(), s.version(), s.instance(), s.time(),
                        s.requests(), s.errors(), s.http5xx(), s.latencyP95Ms(), s.cpu(), s.memory(), s.activeUsers()))
                .toList();
    }

    @Test
    void aPolicysRuleBreachesOnlyForItsApplicationWithThePolicyAndDryRunInTheEvidence() {
        Evaluator e = new Evaluator(EvaluationSettings.DEFAULT, SeedRules.all());
        e.resolver(SHOP);

        List<RuleTransition> shop = feed(e, hot("shop", 0, 60));
        // cpu 0.9 > 0.7 breaches the global cpu-70pct too; the policy's rule is told apart by its evidence
        RuleTransition mine = shop.stream().filter(t -> t.rule().id().equals("cpu-50pct")).findFirst().orElseThrow();
        assertThat(mine.evidence().policy()).isEqualTo("application shop");
        assertThat(mine.evidence().dryRunAction()).isEqualTo("rollback");
        assertThat(mine.actionOnTheWire()).isEqualTo("dry-run");
        RuleTransition global = shop.stream().filter(t -> t.rule().id().equals("cpu-70pct")).findFirst().orElseThrow();
        assertThat(global.evidence().policy()).isEqualTo(EffectiveRules.GLOBAL);
        assertThat(global.evidence().dryRunAction()).isNull();
        assertThat(global.actionOnTheWire()).isEqualTo("alert");

        assertThat(feed(e, hot("cart", 0, 60))).extracting(t -> t.rule().id()).doesNotContain("cpu-50pct");
    }

    @Test
    void anUnchangedRuleKeepsItsOpenBreachAcrossAPolicyChangeAndAChangedOneStartsAfresh() {
        Evaluator e = new Evaluator(EvaluationSettings.DEFAULT, List.of());
        e.resolver(SHOP);
        assertThat(feed(e, hot("shop", 0, 60))).extracting(t -> t.rule().id()).containsExactly("cpu-50pct");

        // another resolver giving the same rule: the breach stays open, no second event
        e.resolver((global, app, env) -> new EffectiveRules(List.of(CPU), Map.of()));
        assertThat(feed(e, hot("shop", 60, 120))).isEmpty();
        assertThat(e.health("shop", "prod").orElseThrow().versions().get(0).rules().get(0).policy())
                .isEqualTo(EffectiveRules.GLOBAL);

        // the same id with another threshold: a new definition, a new state, so a new breach
        Rule stricter = new Rule(CPU.id(), Metric.CPU, Comparison.GT, 0.8, "warning", Rule.Action.ROLLBACK,
                Duration.ofMinutes(1), 3, 0, FailurePolicy.consecutive(3), Duration.ofSeconds(30), false, true);
        e.resolver((global, app, env) -> new EffectiveRules(List.of(stricter), Map.of()));
        List<RuleTransition> after = feed(e, hot("shop", 120, 180));
        assertThat(after).hasSize(1);
        assertThat(after.get(0).kind()).isEqualTo(RuleTransition.Kind.BREACHED);
        assertThat(after.get(0).actionOnTheWire()).isEqualTo("rollback");
    }
}
