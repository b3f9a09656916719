package io.releasecontrol.metrics.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.rules.RuleView;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.problem.ProblemType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invalid field of a policy is named, in one 400. */
class PolicyValidatorTest {

    static final PolicyValidator VALIDATOR = new PolicyValidator(Duration.ofMinutes(5), GateSettings.DEFAULT);
    static final Set<String> INHERITED = Set.of("error-rate-5pct", "cpu-70pct");

    static RuleView rule(String id, String metric, Double threshold, Duration window, Duration recovery, String mode) {
        return new RuleView(id, metric, ">", threshold, "critical", "rollback", window, 3, 0L, null, recovery, true,
                true, mode);
    }

    static RuleView good() {
        return rule("error-rate-2pct", "errorRate", 0.02, Duration.ofMinutes(1), Duration.ofSeconds(30), "dry-run");
    }

    static RuleView disable(String id) {
        return new RuleView(id, null, null, null, null, null, null, null, null, null, null, null, false, null);
    }

    record Row(String name, String application, String environment, PolicyRequest body, List<String> fields) {
        @Override
        public String toString() {
            return name;
        }
    }

    static PolicyRequest.GateRequest gate(Long minRequests, Integer minIntervals, String maxWait, String onTimeout,
            String bake) {
        return new PolicyRequest.GateRequest(minRequests, minIntervals, maxWait, onTimeout, bake);
    }

    static Stream<Row> rows() {
        return Stream.of(
                // the application name of the path, like a registered application's
                new Row("badApplication", "Shop_EU", null, new PolicyRequest(List.of(), null), List.of("application")),
                new Row("badEnvironment", "shop", "Prod EU", new PolicyRequest(List.of(), null), List.of("environment")),
                // a metric the engine does not know
                new Row("unknownMetric", "shop", null, new PolicyRequest(List.of(rule("x", "latencyP99", 1.0, null, null,
                        null)), null), List.of("rules[0].metric")),
                new Row("infiniteThreshold", "shop", null, new PolicyRequest(List.of(rule("x", "cpu",
                        Double.POSITIVE_INFINITY, null, null, null)), null), List.of("rules[0].threshold")),
                // windows beyond the retention, and recoveries no sample time can be added to
                new Row("hugeWindowAndRecovery", "shop", null, new PolicyRequest(List.of(rule("x", "cpu", 0.5,
                        Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE), null)), null),
                        List.of("rules[0].window", "rules[0].recovery")),
                new Row("unknownMode", "shop", null, new PolicyRequest(List.of(rule("x", "cpu", 0.5, null, null,
                        "shadow")), null), List.of("rules[0].mode")),
                new Row("duplicateId", "shop", null, new PolicyRequest(List.of(good(), good()), null),
                        List.of("rules[1].id")),
                new Row("disableOfAnUnknownRule", "shop", null, new PolicyRequest(List.of(disable("cpu-90pct")), null),
                        List.of("rules[0].id")),
                new Row("badId", "shop", null, new PolicyRequest(List.of(rule("Error Rate", "cpu", 0.5, null, null,
                        null)), null), List.of("rules[0].id")),
                // each gate field against GateSettings' bounds
                new Row("gateOutOfBounds", "shop", null, new PolicyRequest(List.of(), gate(-1L, 86_401,
                        "PT9223372036854775807S", "retry", "-PT1S")), List.of("gate.minRequests", "gate.minIntervals",
                        "gate.maxWait", "gate.onTimeout", "gate.bake")),
                new Row("gateDurationNotIso", "shop", null, new PolicyRequest(List.of(), gate(null, null, "10 minutes",
                        null, null)), List.of("gate.maxWait")),
                // Prometheus templates, field by field: an unknown field, an unknown placeholder, an empty
                // and an overlong template, unbalanced brackets, a bad custom counter name
                new Row("badTemplates", "shop", null, prometheus(Map.of("rps", "up",
                        "requests", "sum(rate(http_requests_total{app=\"{app}\"}[1m]))",
                        "cpu", "", "memory", "x".repeat(2_001), "latencyP95Ms", "histogram_quantile(0.95, rate(x[1m])",
                        "custom.Checkout", "up")), List.of("prometheus.rps", "prometheus.requests", "prometheus.cpu",
                        "prometheus.memory", "prometheus.latencyP95Ms", "prometheus.custom.Checkout")),
                // errors without requests; queries split by different instance labels
                new Row("errorsWithoutRequests", "shop", null, prometheus(Map.of("errors", "sum(x)")),
                        List.of("prometheus.errors")),
                new Row("mixedInstanceLabels", "shop", null, prometheus(Map.of(
                        "requests", "sum by (pod) (x{pod=~\"{instance}\"})", "cpu", "avg(cpu)")),
                        List.of("prometheus")),
                new Row("noQueries", "shop", null, prometheus(Map.of()), List.of("prometheus")),
                // everything wrong at once: every field named
                new Row("everythingAtOnce", "-shop", "prod:eu", new PolicyRequest(List.of(rule("x", "nope", null, null,
                        null, "dry-run"), disable("nope")), gate(2_000_000_000L, null, null, null, "P2D")),
                        List.of("application", "environment", "rules[0].metric", "rules[0].threshold", "rules[1].id",
                                "gate.minRequests", "gate.bake")));
    }

    static PolicyRequest prometheus(Map<String, String> templates) {
        return new PolicyRequest(List.of(), null, templates);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void namesEveryInvalidField(Row row) {
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> VALIDATOR.validate(row.application(),
                row.environment(), row.body(), INHERITED, "alice", Instant.EPOCH));

        assertThat(e).as("a 400").isNotNull();
        assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) e.extensions().get("errors");
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrderElementsOf(row.fields());
    }

    @Test
    void acceptsRulesDisablesAndAPartialGateFilledWithTheDefaults() {
        AnalysisPolicy p = VALIDATOR.validate("shop", "production", new PolicyRequest(List.of(good(),
                disable("cpu-70pct")), gate(5_000L, null, "PT15M", "fail", null)), INHERITED, "alice", Instant.EPOCH);

        assertThat(p.rules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("error-rate-2pct");
            assertThat(r.mode()).isEqualTo(Rule.Mode.DRY_RUN);
        });
        assertThat(p.disabled()).containsExactly("cpu-70pct");
        assertThat(p.gate()).isEqualTo(new GateSettings(5_000, GateSettings.DEFAULT.minIntervals(),
                Duration.ofMinutes(15), GateSettings.OnTimeout.FAIL, GateSettings.DEFAULT.bake()));
        assertThat(p.name()).isEqualTo("application shop, environment production");
    }

    @Test
    void keepsValidTemplatesByField() {
        AnalysisPolicy p = VALIDATOR.validate("shop", "production", prometheus(Map.of(
                "requests", "sum by (pod) (increase(http_requests_total{app=\"{application}\",pod=~\"{instance}\"}[10s]))",
                "custom.checkout_total", "sum by (pod) (increase(checkout_total{version=\"{version}\",pod=~\"{instance}\"}[10s]))")),
                INHERITED, "alice", Instant.EPOCH);

        assertThat(p.prometheus().templates()).containsOnlyKeys("requests", "custom.checkout_total");
        assertThat(p.prometheus().instanceLabel()).isEqualTo("pod");
    }

    @Test
    void aPolicyWithoutAGateLeavesItToTheLessSpecificPolicies() {
        assertThat(VALIDATOR.validate("shop", null, new PolicyRequest(null, null), INHERITED, "alice", Instant.EPOCH)
                .gate()).isNull();
    }
}
