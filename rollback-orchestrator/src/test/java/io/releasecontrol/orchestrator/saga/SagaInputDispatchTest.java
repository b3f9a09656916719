package io.releasecontrol.orchestrator.saga;

import static io.releasecontrol.orchestrator.saga.SagaScript.CANARY;
import static io.releasecontrol.orchestrator.saga.SagaScript.ROLLBACK;
import static io.releasecontrol.orchestrator.saga.SagaScript.SAGA;
import static io.releasecontrol.orchestrator.saga.SagaScript.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.releasecontrol.orchestrator.decision.Branch;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.events.SealedFamilies;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of SagaInput has its own branch in SagaMachine.apply; none falls into the unknown one. */
class SagaInputDispatchTest {

    // one of each permitted SagaInput; a new kind fails everyPermittedSagaInputHasAnInstanceHere until it is added here
    private static final List<SagaInput> ONE_OF_EACH = List.of(
            new SagaInput.DeploymentRequested(ROLLBACK, SAGA, CANARY, T0.plusSeconds(1)),
            new SagaInput.TrafficMoved(CANARY, 0, T0.plusSeconds(1)),
            new SagaInput.DeploymentEnded(ROLLBACK, CANARY, "2.3.1", "SUCCEEDED", null, T0.plusSeconds(1)),
            new SagaInput.MaintenanceChanged(true, T0.plusSeconds(1)),
            new SagaInput.Recovered("2.4.0", "recovered", T0.plusSeconds(1)),
            new SagaInput.Approve("alice", T0.plusSeconds(1)),
            new SagaInput.Abort("alice", "testing", T0.plusSeconds(1)),
            new SagaInput.ConfirmRepair("alice", T0.plusSeconds(1)),
            new SagaInput.Timeout(T0.plusSeconds(600)));

    @Test
    void everyPermittedSagaInputHasAnInstanceHere() {
        assertThat(ONE_OF_EACH.stream().map(Object::getClass).toList())
                .containsExactlyInAnyOrderElementsOf(SealedFamilies.leaves(SagaInput.class));
    }

    static Stream<SagaInput> inputs() {
        return ONE_OF_EACH.stream();
    }

    // an active saga (a partial rollback under way); an input it refuses (a repair nobody waits for) is handled too
    @ParameterizedTest
    @MethodSource("inputs")
    void applyHasABranchFor(SagaInput input) {
        SagaScript running = SagaScript.given(SagaScript.decision(Branch.PARTIAL_ROLLBACK, null, true));
        Throwable thrown = catchThrowable(() -> running.machine.apply(running.state, input));
        assertThat(thrown instanceof UnhandledSubtypeException).as("%s took the unknown branch", input).isFalse();
    }
}
