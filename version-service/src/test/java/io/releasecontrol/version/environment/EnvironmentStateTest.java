package io.releasecontrol.version.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvironmentStateTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @ParameterizedTest(name = "current seq {0}, event seq {1} -> older {2}")
    @CsvSource(nullValues = "-", textBlock = """
            # current sequence, event sequence, event completed (s after T), older?
            5, 4, 100, true
            5, 5, 0, false
            5, 6, -100, false
            -, 1, 0, false
            -, -, -10, true
            -, -, 10, false
            """)
    void anOlderDeploymentNeverOverwritesANewerOne(Long currentSeq, Long eventSeq, long offset, boolean older) {
        var state = EnvironmentState.empty("shop", "production").deployed("1.0.0", currentSeq, "d", T);

        // without sequences on both sides, the completion time decides
        assertThat(state.isOlderThanCurrent(eventSeq, T.plusSeconds(offset))).isEqualTo(older);
    }

    @Test
    void reportsADriftOncePerPairAndAgainAfterItWasResolved() {
        var inStep = EnvironmentState.empty("shop", "production").deployed("1.2.0", 6L, "d6", T);
        assertThat(DriftCheck.apply(inStep, T).event()).isEmpty();

        var drifted = DriftCheck.apply(inStep.declared("1.1.0", T), T);
        assertThat(drifted.event()).hasValueSatisfying(d -> {
            assertThat(d.declaredVersion()).isEqualTo("1.1.0");
            assertThat(d.observedVersion()).isEqualTo("1.2.0");
            assertThat(d.observedBy()).isEqualTo("deployment");
        });
        // the same drift seen again (another sample, a retry): no second event
        assertThat(DriftCheck.apply(drifted.state(), T).event()).isEmpty();
        // back in step, then the same drift again: reported again
        var resolved = DriftCheck.apply(drifted.state().declared("1.2.0", T), T);
        assertThat(resolved.state().driftReported()).isNull();
        assertThat(DriftCheck.apply(resolved.state().declared("1.1.0", T), T).event()).isPresent();
    }
}
