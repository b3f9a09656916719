package io.releasecontrol.metrics.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.metrics.evaluation.Comparison;
import io.releasecontrol.metrics.evaluation.EffectiveRules;
import io.releasecontrol.metrics.evaluation.FailurePolicy;
import io.releasecontrol.metrics.evaluation.Metric;
import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.evaluation.SeedRules;
import io.releasecontrol.metrics.gate.GateSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge of global rules with an application's and an environment's policy: most specific wins. */
class PolicySetTest {

    static final List<Rule> GLOBAL = SeedRules.all();
    static final String APP = "application shop";
    static final String ENV = "application shop, environment production";

    static Rule errorRate(String id, double threshold) {
        return new Rule(id, Metric.ERROR_RATE, Comparison.GT, threshold, "critical", Rule.Action.ROLLBACK,
                Duration.ofMinutes(1), 3, 20, FailurePolicy.consecutive(3), Duration.ofSeconds(30), true, true);
    }

    static AnalysisPolicy policy(String env, List<Rule> rules, List<String> disabled, GateSettings gate) {
        return new AnalysisPolicy("shop", env, rules, disabled, gate, null, "alice", Instant.EPOCH);
    }

    static PolicySet set(AnalysisPolicy... policies) {
        return new PolicySet(java.util.Arrays.stream(policies)
                .collect(java.util.stream.Collectors.toMap(AnalysisPolicy::key, p -> p)));
    }

    static Rule rule(EffectiveRules e, String id) {
        return e.rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void withoutAPolicyATargetHasTheGlobalRules() {
        EffectiveRules e = set().resolve(GLOBAL, "shop", "production");
        assertThat(e.rules()).isEqualTo(GLOBAL);
        assertThat(e.originOf("error-rate-5pct")).isEqualTo(EffectiveRules.GLOBAL);
    }

    @Test
    void anApplicationPolicyAddsOverridesAndDisables() {
        PolicySet s = set(policy(null, List.of(errorRate("error-rate-2pct", 0.02), errorRate("error-rate-5pct", 0.10)),
                List.of("cpu-70pct"), null));
        EffectiveRules e = s.resolve(GLOBAL, "shop", "staging");
        // added
        assertThat(rule(e, "error-rate-2pct").threshold()).isEqualTo(0.02);
        assertThat(e.originOf("error-rate-2pct")).isEqualTo(APP);
        // overridden wholesale by id
        assertThat(rule(e, "error-rate-5pct").threshold()).isEqualTo(0.10);
        assertThat(e.originOf("error-rate-5pct")).isEqualTo(APP);
        // disabled: still listed (so views show it), not evaluated
        assertThat(rule(e, "cpu-70pct").enabled()).isFalse();
        assertThat(e.originOf("cpu-70pct")).isEqualTo(APP);
        // untouched
        assertThat(e.originOf("memory-80pct")).isEqualTo(EffectiveRules.GLOBAL);
        assertThat(e.rules()).hasSize(GLOBAL.size() + 1);
    }

    @Test
    void theEnvironmentPolicyWinsOverTheApplicationsWhichWinsOverGlobal() {
        PolicySet s = set(policy(null, List.of(errorRate("error-rate-5pct", 0.10)), List.of("cpu-70pct"), null),
                policy("production", List.of(errorRate("error-rate-5pct", 0.01), GLOBAL.get(3)), List.of(), null));
        EffectiveRules prod = s.resolve(GLOBAL, "shop", "production");
        assertThat(rule(prod, "error-rate-5pct").threshold()).isEqualTo(0.01);
        assertThat(prod.originOf("error-rate-5pct")).isEqualTo(ENV);
        // the environment re-enables the rule the application disabled, by restating it
        assertThat(rule(prod, "cpu-70pct").enabled()).isTrue();
        assertThat(prod.originOf("cpu-70pct")).isEqualTo(ENV);
        // another environment gets the application's policy only
        EffectiveRules staging = s.resolve(GLOBAL, "shop", "staging");
        assertThat(rule(staging, "error-rate-5pct").threshold()).isEqualTo(0.10);
        assertThat(rule(staging, "cpu-70pct").enabled()).isFalse();
        // another application the global rules
        assertThat(s.resolve(GLOBAL, "cart", "production").rules()).isEqualTo(GLOBAL);
    }

    @Test
    void anEnvironmentPolicyMayDisableARuleTheApplicationAdded() {
        PolicySet s = set(policy(null, List.of(errorRate("error-rate-2pct", 0.02)), List.of(), null),
                policy("development", List.of(), List.of("error-rate-2pct", "error-rate-5pct"), null));
        EffectiveRules dev = s.resolve(GLOBAL, "shop", "development");
        assertThat(rule(dev, "error-rate-2pct").enabled()).isFalse();
        assertThat(rule(dev, "error-rate-5pct").enabled()).isFalse();
        assertThat(dev.originOf("error-rate-2pct")).isEqualTo("application shop, environment development");
    }

    @Test
    void theGateIsTheMostSpecificPoliciesElseTheDefault() {
        GateSettings appGate = new GateSettings(10, 5, Duration.ofMinutes(1), GateSettings.OnTimeout.FAIL,
                Duration.ZERO);
        GateSettings envGate = new GateSettings(20, 6, Duration.ofMinutes(2), GateSettings.OnTimeout.HOLD,
                Duration.ofMinutes(5));
        PolicySet s = set(policy(null, List.of(), List.of(), appGate), policy("production", List.of(), List.of(),
                envGate), policy("staging", List.of(), List.of(), null));
        assertThat(s.gateFor("shop", "production", GateSettings.DEFAULT)).isEqualTo(new PolicySet.Gate(envGate, ENV));
        // staging's policy sets no gate: the application's
        assertThat(s.gateFor("shop", "staging", GateSettings.DEFAULT)).isEqualTo(new PolicySet.Gate(appGate, APP));
        assertThat(s.gateFor("cart", "production", GateSettings.DEFAULT).settings()).isEqualTo(GateSettings.DEFAULT);
    }
}
