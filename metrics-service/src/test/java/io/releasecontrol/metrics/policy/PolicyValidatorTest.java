package io.releasecontrol.metrics.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.releasecontrol.metrics.evaluation.Rule;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.rules.RuleView;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.problem.ProblemType;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every invalid field of a policy is named, in one 400, in the order of the request. */
class PolicyValidatorTest {

    static final PolicyValidator VALIDATOR = new PolicyValidator(ServiceValidator.get(), Duration.ofMinutes(5),
            GateSettings.DEFAULT);
    static final Set<String> INHERITED = Set.of("error-rate-5pct", "cpu-70pct");
    static final String BAD_APPLICATION = "application must match ^[a-z0-9][a-z0-9-]{1,62}$";
    static final String BAD_ENVIRONMENT = "environment must match ^[a-z0-9][a-z0-9-]{0,62}$";
    static final String GATE_DURATION = " must be an ISO-8601 duration between PT0S and PT24H";

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

    static String unknownMetric(String name) {
        return "rules[0].metric unknown metric '" + name + "' (known: errorRate, http5xxPerMinute, latencyP95Ms, cpu,"
                + " memory; or a name of your own with a ratio, counter or gauge of the samples' custom values)";
    }

    record Row(String name, String application, String environment, PolicyRequest body, List<String> errors) {
        @Override
        public String toString() {
            return name;
        }
    }

    static PolicyRequest.GateRequest gate(Long minRequests, Integer minIntervals, String maxWait, String bake,
            String onTimeout) {
        return new PolicyRequest.GateRequest(minRequests, minIntervals, maxWait, bake, onTimeout);
    }

    static PolicyRequest rules(RuleView... rules) {
        return new PolicyRequest(List.of(rules), null);
    }

    static Stream<Row> rows() {
        return Stream.of(
                // the application name of the path, like a registered application's
                new Row("badApplication", "Shop_EU", null, rules(), List.of(BAD_APPLICATION)),
                new Row("missingApplication", null, null, rules(), List.of(BAD_APPLICATION)),
                new Row("badEnvironment", "shop", "Prod EU", rules(), List.of(BAD_ENVIRONMENT)),
                new Row("blankEnvironment", "shop", "  ", rules(), List.of(BAD_ENVIRONMENT)),
                // a metric the engine does not know
                new Row("unknownMetric", "shop", null, rules(rule("x", "latencyP99", 1.0, null, null, null)),
                        List.of(unknownMetric("latencyP99"))),
                new Row("infiniteThreshold", "shop", null, rules(rule("x", "cpu", Double.POSITIVE_INFINITY, null, null,
                        null)), List.of("rules[0].threshold must be a finite number")),
                // windows beyond the retention, and recoveries no sample time can be added to
                new Row("hugeWindowAndRecovery", "shop", null, rules(rule("x", "cpu", 0.5,
                        Duration.ofSeconds(Long.MAX_VALUE), Duration.ofSeconds(Long.MAX_VALUE), null)), List.of(
                        "rules[0].window must be positive and at most the window retention PT5M",
                        "rules[0].recovery must be between PT0S and PT24H")),
                new Row("unknownMode", "shop", null, rules(rule("x", "cpu", 0.5, null, null, "shadow")),
                        List.of("rules[0].mode must be enforce or dry-run")),
                new Row("nullRule", "shop", null, new PolicyRequest(java.util.Arrays.asList(good(), null), null),
                        List.of("rules[1] is null")),
                new Row("duplicateId", "shop", null, rules(good(), good()),
                        List.of("rules[1].id appears more than once in the policy")),
                new Row("disableOfAnUnknownRule", "shop", null, rules(disable("cpu-90pct")),
                        List.of("rules[0].id disables no inherited rule (known: [cpu-70pct, error-rate-5pct])")),
                new Row("badId", "shop", null, rules(rule("Error Rate", "cpu", 0.5, null, null, null)),
                        List.of("rules[0].id must match ^[a-z0-9][a-z0-9-]{0,62}$")),
                // each gate field against GateSettings' bounds, in the order they were always listed
                new Row("gateOutOfBounds", "shop", null, new PolicyRequest(List.of(), gate(-1L, 86_401,
                        "PT9223372036854775807S", "-PT1S", "retry")), List.of(
                        "gate.minRequests must be between 0 and 1000000000", "gate.minIntervals must be between 0 and 86400",
                        "gate.maxWait" + GATE_DURATION, "gate.bake" + GATE_DURATION, "gate.onTimeout must be hold or fail")),
                new Row("gateOverTheTop", "shop", null, new PolicyRequest(List.of(), gate(1_000_000_001L, null,
                        "PT24H0.000000001S", "P2D", "")), List.of("gate.minRequests must be between 0 and 1000000000",
                        "gate.maxWait" + GATE_DURATION, "gate.bake" + GATE_DURATION, "gate.onTimeout must be hold or fail")),
                new Row("gateDurationNotIso", "shop", null, new PolicyRequest(List.of(), gate(null, null, "10 minutes",
                        "PT9223372036854775808S", null)), List.of("gate.maxWait" + GATE_DURATION, "gate.bake" + GATE_DURATION)),
                // a sent word stays text, never a message template
                new Row("gateWordIsNoTemplate", "shop", null, new PolicyRequest(List.of(), gate(null, null, null, null,
                        "{max}")), List.of("gate.onTimeout must be hold or fail")),
                // Prometheus templates, field by field: an unknown field, an unknown placeholder, an empty
                // and an overlong template, unbalanced brackets, a bad custom counter name
                new Row("badTemplates", "shop", null, prometheus(Map.of("rps", "up",
                        "requests", "sum(rate(http_requests_total{app=\"{app}\"}[1m]))",
                        "cpu", "", "memory", "x".repeat(2_001), "latencyP95Ms", "histogram_quantile(0.95, rate(x[1m])",
                        "custom.Checkout", "up")), null),
                // errors without requests; queries split by different instance labels
                new Row("errorsWithoutRequests", "shop", null, prometheus(Map.of("errors", "sum(x)")), List.of(
                        "prometheus.errors needs a requests query too: an error count means nothing without its requests")),
                new Row("mixedInstanceLabels", "shop", null, prometheus(Map.of(
                        "requests", "sum by (pod) (x{pod=~\"{instance}\"})", "cpu", "avg(cpu)")), List.of(
                        "prometheus every query must split by the same {instance} label, or none may; they split by"
                                + " {cpu=(none), requests=pod}")),
                new Row("noQueries", "shop", null, prometheus(Map.of()),
                        List.of("prometheus names no query; leave it out for none")),
                // everything wrong at once: every field named, in the request's order
                new Row("everythingAtOnce", "-shop", "prod:eu", new PolicyRequest(List.of(rule("x", "nope", null, null,
                        null, "dry-run"), disable("nope")), gate(2_000_000_000L, null, null, "P2D", null),
                        Map.of("rps", "up")), List.of(BAD_APPLICATION, BAD_ENVIRONMENT, unknownMetric("nope"),
                        "rules[0].threshold is required", "rules[1].id disables no inherited rule (known: [cpu-70pct,"
                                + " error-rate-5pct])", "gate.minRequests must be between 0 and 1000000000",
                        "gate.bake" + GATE_DURATION, "prometheus.rps is not a sample field (known: [activeUsers, cpu,"
                                + " errors, http5xx, latencyP95Ms, memory, requests] and custom.<name>, name matching"
                                + " ^[a-z][a-z0-9_]{0,62}$)")));
    }

    static PolicyRequest prometheus(Map<String, String> templates) {
        return new PolicyRequest(List.of(), null, templates);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void namesEveryInvalidFieldInOrder(Row row) {
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> VALIDATOR.validate(row.application(),
                row.environment(), row.body(), INHERITED, "alice", Instant.EPOCH));

        assertThat(e).as("a 400").isNotNull();
        assertThat(e.type()).isEqualTo(ProblemType.VALIDATION);
        @SuppressWarnings("unchecked")
        List<FieldError> errors = (List<FieldError>) e.extensions().get("errors");
        assertThat(e.getMessage()).isEqualTo(errors.size() + " invalid field(s): "
                + String.join("; ", errors.stream().map(f -> f.field() + " " + f.message()).toList()));
        if (row.errors() == null) {
            // the templates' own messages are PrometheusQueries' (QueryTemplateTest): here, that each is named
            assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder("prometheus.rps",
                    "prometheus.requests", "prometheus.cpu", "prometheus.memory", "prometheus.latencyP95Ms",
                    "prometheus.custom.Checkout");
        } else {
            assertThat(errors).extracting(f -> f.field() + " " + f.message()).containsExactlyElementsOf(row.errors());
        }
    }

    @Test
    void aTargetAloneIsCheckedForReadsAndDeletes() {
        VALIDATOR.checkTarget("shop", null);
        VALIDATOR.checkTarget("shop", "production");
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> VALIDATOR.checkTarget("Shop_EU", "a:b"));

        assertThat(e.getMessage()).isEqualTo("2 invalid field(s): " + BAD_APPLICATION + "; " + BAD_ENVIRONMENT);
    }

    @Test
    void acceptsRulesDisablesAndAPartialGateFilledWithTheDefaults() {
        AnalysisPolicy p = VALIDATOR.validate("shop", "production", new PolicyRequest(List.of(good(),
                disable("cpu-70pct")), gate(5_000L, null, "PT15M", null, "Fail")), INHERITED, "alice", Instant.EPOCH);

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
