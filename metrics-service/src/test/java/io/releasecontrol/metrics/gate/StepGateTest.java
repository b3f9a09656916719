package io.releasecontrol.metrics.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.metrics.evaluation.StepEvidence;
import io.releasecontrol.metrics.evaluation.TargetHealth.RuleHealth;
import io.releasecontrol.metrics.evaluation.TargetHealth.VersionHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StepGateTest {

    private static final Instant SINCE = Instant.parse("2026-12-06T10:00:00Z");
    private static final GateSettings GATE = new GateSettings(1_000, 30, Duration.ofMinutes(10),
            GateSettings.OnTimeout.HOLD, Duration.ZERO);

    static RuleHealth sequential(String verdict, String status) {
        return new RuleHealth("error-rate-5pct", "errorRate", "errorRate > 0.05", "rollback", status, 0.01, 40, null,
                SINCE, verdict, null, null, "cusum vs baseline", "1.0.0", 4_000L, -3.5, 17.5, "enforce", "global");
    }

    static RuleHealth window(String status, int samples) {
        return new RuleHealth("latency-p99-2s", "latencyP99", "latencyP99 > 2000", "rollback", status,
                samples == 0 ? null : 150.0, samples, null, samples == 0 ? null : SINCE, null, null, null, null, null,
                null, null, null, "enforce", "global");
    }

    static RuleHealth dryRun(String status) {
        return new RuleHealth("error-rate-1pct", "errorRate", "errorRate > 0.01", "rollback", status, 0.02, 40, null,
                SINCE, "fail", null, null, "sequential-vs-threshold", null, 4_000L, 18.0, 17.5, "dry-run",
                "application shop");
    }

    static StepEvidence evidence(long samples, long requests, RuleHealth... rules) {
        return new StepEvidence("1.1.0", SINCE, samples, requests, 5.0, "1.0.0", SINCE.plusSeconds(40),
                new VersionHealth("1.1.0", "healthy", SINCE, SINCE.plusSeconds(40), List.of(rules)));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("enough evidence, every rule passes", evidence(40, 4_000, sequential("pass", "ok"),
                        window("ok", 40)), GATE, "pass", "passed: 4,000 requests in 40 samples at 5.0 %"),
                Arguments.of("a metric the version does not report is no obstacle", evidence(40, 4_000,
                        sequential("pass", "ok"), window("nodata", 0)), GATE, "pass", "passed"),
                Arguments.of("too few requests", evidence(40, 340, sequential("pass", "ok")), GATE, "inconclusive",
                        "waiting for evidence: 340 of 1,000 requests at 5.0 %"),
                Arguments.of("too few samples", evidence(12, 4_000, sequential("pass", "ok")), GATE, "inconclusive",
                        "waiting for evidence: 12 of 30 samples at 5.0 %"),
                Arguments.of("the sequential test has not passed yet", evidence(40, 4_000,
                        sequential("inconclusive", "ok")), GATE, "inconclusive",
                        "undecided error-rate-5pct (sequential inconclusive after 4,000 requests vs 1.0.0)"),
                Arguments.of("a window rule still short of samples", evidence(40, 4_000, sequential("pass", "ok"),
                        window("nodata", 2)), GATE, "inconclusive", "undecided latency-p99-2s"),
                Arguments.of("a failing rule fails the gate whatever the evidence", evidence(3, 30,
                        sequential("fail", "failing")), GATE, "fail", "analysis failing: error-rate-5pct"),
                Arguments.of("a dry-run rule's breach holds nothing", evidence(40, 4_000, sequential("pass", "ok"),
                        dryRun("breached")), GATE, "pass", "passed"),
                Arguments.of("a rule the policy disabled takes no part", evidence(40, 4_000, sequential("pass", "ok"),
                        window("disabled", 40)), GATE, "pass", "passed"),
                Arguments.of("a breached window rule", evidence(40, 4_000, sequential("pass", "ok"),
                        window("breached", 40)), GATE, "fail", "analysis failing: latency-p99-2s (breached"),
                Arguments.of("no samples at all", null, GATE, "inconclusive",
                        "waiting for evidence: no samples of 1.1.0 in production since 2026-12-06T10:00:00Z"),
                Arguments.of("a policy that asks for no evidence passes without samples", null,
                        new GateSettings(0, 0, Duration.ZERO, GateSettings.OnTimeout.HOLD, Duration.ZERO), "pass",
                        "passed: 0 requests in 0 samples"));
    }

    @org.junit.jupiter.api.Test
    void beforeAnySampleEveryEnforcedRuleIsListedAsUndecidedUnlessNoEvidenceIsAskedFor() {
        GateVerdict waiting = StepGate.decide("shop", "production", "1.1.0", java.time.Instant.EPOCH, null, null, GATE,
                List.of("error-rate-5pct", "latency-p95-1s"));
        assertThat(waiting.verdict()).isEqualTo("inconclusive");
        assertThat(waiting.reason()).isEqualTo("waiting for evidence: no samples of 1.1.0 in production");
        assertThat(waiting.rules()).extracting(GateVerdict.RuleVerdict::verdict).containsOnly("inconclusive");
        GateVerdict none = StepGate.decide("shop", "production", "1.1.0", SINCE, null, null,
                new GateSettings(0, 0, Duration.ZERO, GateSettings.OnTimeout.HOLD, Duration.ZERO), List.of("error-rate-5pct"));
        assertThat(none.verdict()).isEqualTo("pass");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, StepEvidence evidence, GateSettings gate, String verdict, String reason) {
        GateVerdict v = StepGate.decide("shop", "production", "1.1.0", SINCE, evidence, null, gate);
        assertThat(v.verdict()).as(v.reason()).isEqualTo(verdict);
        assertThat(v.reason()).contains(reason);
    }
}
