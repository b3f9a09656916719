package io.releasecontrol.orchestrator.saga;

import static io.releasecontrol.orchestrator.saga.SagaScript.CANARY;
import static io.releasecontrol.orchestrator.saga.SagaScript.ROLLBACK;
import static io.releasecontrol.orchestrator.saga.SagaScript.SAGA;
import static io.releasecontrol.orchestrator.saga.SagaScript.T0;
import static io.releasecontrol.orchestrator.saga.SagaScript.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.orchestrator.decision.Branch;
import io.releasecontrol.orchestrator.decision.Decision;
import org.junit.jupiter.api.Test;

/** The saga state's builder and the transitions built on it: each changes its own fields and no other. */
class SagaStateTest {

    private static final Decision PARTIAL = decision(Branch.PARTIAL_ROLLBACK, null, true);

    /** Every field set and told apart, so a swap in the builder shows. */
    private static SagaState full() {
        return new SagaState(SAGA, "shop", "production", SagaStatus.RUNNING, "breach", Branch.PARTIAL_ROLLBACK,
                PARTIAL, "2.4.0", "2.3.1", CANARY, true, ROLLBACK, Step.PARTIAL_ROLLBACK, 2, T0.plusSeconds(120),
                "outcome", "failure", "alice", T0, T0.plusSeconds(600), 7);
    }

    @Test
    void aNewStateStartsAtAttemptAndVersionZeroWithNothingRunning() {
        SagaState s = SagaState.builder().id(SAGA).application("shop").environment("production")
                .status(SagaStatus.RUNNING).build();
        assertThat(s.attempt()).isZero();
        assertThat(s.version()).isZero();
        assertThat(s.deploymentActive()).isFalse();
        // no step until the machine takes one
        assertThat(s.step()).isNull();
        assertThat(s.stepName()).isNull();
    }

    @Test
    void aStateWithoutIdTargetOrStatusIsRefused() {
        // the table keys and finds a saga by these
        assertThatThrownBy(() -> SagaState.builder().application("shop").environment("production")
                .status(SagaStatus.RUNNING).build()).isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> SagaState.builder().id(SAGA).environment("production").status(SagaStatus.RUNNING)
                .build()).isInstanceOf(NullPointerException.class).hasMessage("application");
        assertThatThrownBy(() -> SagaState.builder().id(SAGA).application("shop").status(SagaStatus.RUNNING)
                .build()).isInstanceOf(NullPointerException.class).hasMessage("environment");
        assertThatThrownBy(() -> SagaState.builder().id(SAGA).application("shop").environment("production")
                .build()).isInstanceOf(NullPointerException.class).hasMessage("status");
    }

    @Test
    void toBuilderKeepsEveryFieldInItsPlace() {
        assertThat(full().toBuilder().build()).isEqualTo(full());
    }

    @Test
    void eachTransitionChangesOnlyItsOwnFields() {
        SagaState s = full();
        assertThat(s.at(SagaStatus.OBSERVING, Step.OBSERVE, 1, T0)).isEqualTo(new SagaState(SAGA, "shop",
                "production", SagaStatus.OBSERVING, "breach", Branch.PARTIAL_ROLLBACK, PARTIAL, "2.4.0", "2.3.1",
                CANARY, true, ROLLBACK, Step.OBSERVE, 1, T0, "outcome", "failure", "alice", T0, T0.plusSeconds(600),
                7));
        // an ended saga has no step and no timer
        assertThat(s.ended(SagaStatus.COMPLETED, "done", "why", T0.plusSeconds(900))).isEqualTo(new SagaState(SAGA,
                "shop", "production", SagaStatus.COMPLETED, "breach", Branch.PARTIAL_ROLLBACK, PARTIAL, "2.4.0",
                "2.3.1", CANARY, true, ROLLBACK, null, 2, null, "done", "why", "alice", T0, T0.plusSeconds(900), 7));
        assertThat(s.withRollbackDeployment(null).rollbackDeploymentId()).isNull();
        assertThat(s.withOperator("bob").operator()).isEqualTo("bob");
        assertThat(s.withBranch(Branch.FULL_ROLLBACK).branch()).isEqualTo(Branch.FULL_ROLLBACK);
        assertThat(s.withDeploymentEnded().deploymentActive()).isFalse();
        assertThat(s.nextVersion().version()).isEqualTo(8);
        // the withers leave everything else as it was
        assertThat(s.withOperator("bob").withOperator("alice")).isEqualTo(s);
        assertThat(s.withBranch(Branch.FULL_ROLLBACK).withBranch(Branch.PARTIAL_ROLLBACK)).isEqualTo(s);
        assertThat(s.withRollbackDeployment(null).withRollbackDeployment(ROLLBACK)).isEqualTo(s);
        assertThat(s.withDeploymentEnded().toBuilder().deploymentActive(true).build()).isEqualTo(s);
        assertThat(s.nextVersion().toBuilder().version(7).build()).isEqualTo(s);
    }
}
