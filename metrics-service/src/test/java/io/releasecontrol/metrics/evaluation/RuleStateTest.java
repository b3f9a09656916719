package io.releasecontrol.metrics.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.metrics.evaluation.RuleState.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuleStateTest {

    static Stream<Arguments> outcomes() {
        return Stream.of(
                // 3 consecutive: F F P F F never has three in a row
                Arguments.of(FailurePolicy.consecutive(3), "FFPFF", "-----"),
                // 3 consecutive: opens on the third failing in a row
                Arguments.of(FailurePolicy.consecutive(3), "PFFF", "---O"),
                // 3 of 5: F F P F opens on the fourth
                Arguments.of(new FailurePolicy(3, 5), "FFPF", "---O"),
                // 3 of 5: F P P P F F: the first F fell out of the last five before the third F
                Arguments.of(new FailurePolicy(3, 5), "FPPPFF", "------"),
                // open breach: more failing evaluations change nothing (no alert storm); healthy for
                // the recovery window (2 evaluations 10 s apart, 10 s recovery) closes it
                Arguments.of(FailurePolicy.consecutive(2), "FFFFFPP", "-O----C"),
                // a failing evaluation during recovery restarts the recovery clock
                Arguments.of(FailurePolicy.consecutive(2), "FFPFPPP", "-O---C-"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("outcomes")
    void opensAndClosesAsThePolicySays(FailurePolicy policy, String outcomes, String expected) {
        Rule rule = new Rule("r", Metric.ERROR_RATE, Comparison.GT, 0.05, "critical", Rule.Action.ROLLBACK,
                Duration.ofMinutes(1), 1, 0, policy, Duration.ofSeconds(10), false, true);
        RuleState state = new RuleState();
        List<String> changes = new ArrayList<>();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        for (char c : outcomes.toCharArray()) {
            boolean failing = c == 'F';
            Change change = state.record(rule, failing, !failing, t, null);
            changes.add(switch (change) {
                case NONE -> "-";
                case OPENED -> "O";
                case ESCALATED -> "E";
                case CLOSED -> "C";
            });
            t = t.plusSeconds(10);
        }
        assertThat(String.join("", changes)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void anAlertOnlyBreachEscalatesOnceWhenTheEvidenceNowAsksForARollback() {
        RuleState state = new RuleState();
        FailurePolicy one = FailurePolicy.consecutive(1);
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        // an incident shared with the baseline: alert only
        assertThat(state.record(one, Duration.ofSeconds(10), true, Rule.Action.ALERT, false, t, null))
                .isEqualTo(Change.OPENED);
        assertThat(state.openAction()).isEqualTo(Rule.Action.ALERT);
        // still only shared: nothing new
        assertThat(state.record(one, Duration.ofSeconds(10), true, Rule.Action.ALERT, false, t.plusSeconds(1), null))
                .isEqualTo(Change.NONE);
        // the version is now worse than its baseline: one escalation, with a new opening time
        assertThat(state.record(one, Duration.ofSeconds(10), true, Rule.Action.ROLLBACK, false, t.plusSeconds(2), null))
                .isEqualTo(Change.ESCALATED);
        assertThat(state.openedAt()).isEqualTo(t.plusSeconds(2));
        assertThat(state.record(one, Duration.ofSeconds(10), true, Rule.Action.ROLLBACK, false, t.plusSeconds(3), null))
                .isEqualTo(Change.NONE);
        // healthy for the recovery window: closed, as the rollback breach it became
        assertThat(state.record(one, Duration.ofSeconds(10), false, Rule.Action.ROLLBACK, true, t.plusSeconds(4), null))
                .isEqualTo(Change.NONE);
        assertThat(state.record(one, Duration.ofSeconds(10), false, Rule.Action.ROLLBACK, true, t.plusSeconds(14), null))
                .isEqualTo(Change.CLOSED);
        assertThat(state.openAction()).isEqualTo(Rule.Action.ROLLBACK);
    }
}
