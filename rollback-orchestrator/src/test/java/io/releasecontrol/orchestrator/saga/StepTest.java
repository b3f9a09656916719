package io.releasecontrol.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The steps' wire names are stored, published and returned by the API: they never change. */
class StepTest {

    @Test
    void everyStepKeepsItsWireName() {
        Map<Step, String> wire = new LinkedHashMap<>();
        Arrays.stream(Step.values()).forEach(s -> wire.put(s, s.wireName()));
        assertThat(wire).containsExactly(
                Map.entry(Step.AWAIT_APPROVAL, "await-approval"),
                Map.entry(Step.PARTIAL_ROLLBACK, "partial-rollback"),
                Map.entry(Step.OBSERVE, "observe"),
                Map.entry(Step.EXPAND_ROLLBACK, "expand-rollback"),
                Map.entry(Step.CANCEL_DEPLOYMENT, "cancel-deployment"),
                Map.entry(Step.SWITCH_BACK, "switch-back"),
                Map.entry(Step.FULL_ROLLBACK, "full-rollback"),
                Map.entry(Step.MAINTENANCE_ON, "maintenance-on"),
                Map.entry(Step.AWAIT_REPAIR, "await-repair"),
                Map.entry(Step.MAINTENANCE_OFF, "maintenance-off"),
                Map.entry(Step.JOINED_BREACH, "joined-breach"));
    }

    @Test
    void aStoredNameReadsBackAsItsStep() {
        for (Step s : Step.values()) {
            assertThat(Step.of(s.wireName())).isSameAs(s);
            // a message that names the step reads as it did when steps were strings
            assertThat("step " + s).isEqualTo("step " + s.wireName());
        }
    }

    @Test
    void aNameNoStepHasIsRefusedNotGuessed() {
        assertThatThrownBy(() -> Step.of("FULL_ROLLBACK")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FULL_ROLLBACK");
        assertThatThrownBy(() -> Step.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRecordWithoutAStepIsStoredAsSagaAndReadBackWithoutOne() {
        StepRecord none = new StepRecord(null, 1, "ABORTED", null, Instant.EPOCH, null, "aborted");
        assertThat(none.name()).isEqualTo("saga");
        assertThat(StepRecord.stepNamed(none.name())).isNull();
        assertThat(StepRecord.stepNamed("observe")).isEqualTo(Step.OBSERVE);
    }

    @Test
    void aCommandsRequestIdCarriesTheWireName() {
        var id = SagaScript.SAGA;
        assertThat(SagaMachine.requestId(id, Step.FULL_ROLLBACK, 1)).isEqualTo(id + ":full-rollback");
        assertThat(SagaMachine.requestId(id, Step.PARTIAL_ROLLBACK, 2)).isEqualTo(id + ":partial-rollback:2");
    }
}
