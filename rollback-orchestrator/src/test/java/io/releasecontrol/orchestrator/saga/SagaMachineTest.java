package io.releasecontrol.orchestrator.saga;

import static io.releasecontrol.orchestrator.saga.SagaScript.CANARY;
import static io.releasecontrol.orchestrator.saga.SagaScript.ROLLBACK;
import static io.releasecontrol.orchestrator.saga.SagaScript.SAGA;
import static io.releasecontrol.orchestrator.saga.SagaScript.T0;
import static io.releasecontrol.orchestrator.saga.SagaScript.at;
import static io.releasecontrol.orchestrator.saga.SagaScript.decision;
import static io.releasecontrol.orchestrator.saga.SagaScript.given;
import static io.releasecontrol.orchestrator.saga.SagaScript.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.command.SetMaintenanceMode;
import io.releasecontrol.events.command.ShiftTraffic;
import io.releasecontrol.events.command.StartDeployment;
import io.releasecontrol.events.saga.RollbackCompleted;
import io.releasecontrol.events.saga.RollbackFailed;
import io.releasecontrol.orchestrator.decision.Branch;
import io.releasecontrol.orchestrator.saga.SagaInput.Abort;
import io.releasecontrol.orchestrator.saga.SagaInput.Approve;
import io.releasecontrol.orchestrator.saga.SagaInput.ConfirmRepair;
import io.releasecontrol.orchestrator.saga.SagaInput.DeploymentEnded;
import io.releasecontrol.orchestrator.saga.SagaInput.DeploymentRequested;
import io.releasecontrol.orchestrator.saga.SagaInput.MaintenanceChanged;
import io.releasecontrol.orchestrator.saga.SagaInput.Recovered;
import io.releasecontrol.orchestrator.saga.SagaInput.Timeout;
import io.releasecontrol.orchestrator.saga.SagaInput.TrafficMoved;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every branch of the runbook as a script: given these events, expect these commands. */
class SagaMachineTest {

    private static final DeploymentId OTHER = new DeploymentId(UUID.randomUUID());

    @Test
    void partialRollbackThatRecoversExpandsTheRollbackAndCompletes() {
        var s = given(decision(Branch.PARTIAL_ROLLBACK, null, true))
                .expectStatus(SagaStatus.RUNNING, Step.PARTIAL_ROLLBACK);
        assertThat(s.sent()).containsExactly("ShiftTraffic " + id("partial-rollback"));
        assertThat(((ShiftTraffic) s.commands.get(0)).newPercent()).isZero();
        assertThat(((ShiftTraffic) s.commands.get(0)).deploymentId()).isEqualTo(CANARY);

        s.when(new TrafficMoved(CANARY, 0, at(Duration.ofSeconds(2))))
                .expectStatus(SagaStatus.OBSERVING, Step.OBSERVE);
        assertThat(s.state.deadline()).isEqualTo(at(Duration.ofSeconds(2)).plus(SagaScript.OBSERVATION));

        s.when(new Recovered("2.4.0", "errorRate 0.01 <= 0.05", at(Duration.ofMinutes(3))))
                .expectStatus(SagaStatus.RUNNING, Step.EXPAND_ROLLBACK)
                .when(new DeploymentEnded(CANARY, null, "2.4.0", "CANCELLED", "rollback", at(Duration.ofMinutes(4))))
                .expectStatus(SagaStatus.COMPLETED, null);

        assertThat(s.sent()).containsExactly("ShiftTraffic " + id("partial-rollback"),
                "CancelDeployment " + id("expand-rollback"));
        assertThat(s.published()).containsExactly("RollbackSagaStarted", "RollbackStepCompleted",
                "RollbackStepCompleted", "RollbackStepCompleted", "RollbackCompleted");
        assertThat(((RollbackCompleted) s.events.get(4)).outcome()).startsWith("recovered after the partial rollback");
    }

    @Test
    void partialRollbackNotRecoveredWithinTheWindowRollsBackFully() {
        var s = given(decision(Branch.PARTIAL_ROLLBACK, null, true))
                .when(new TrafficMoved(CANARY, 0, T0))
                // a tick before the window ends changes nothing
                .when(new Timeout(at(Duration.ofMinutes(14))))
                .expectStatus(SagaStatus.OBSERVING, Step.OBSERVE)
                .when(new Timeout(at(Duration.ofMinutes(15))))
                .expectStatus(SagaStatus.RUNNING, Step.CANCEL_DEPLOYMENT)
                .when(new DeploymentEnded(CANARY, null, "2.4.0", "CANCELLED", null, at(Duration.ofMinutes(16))))
                .expectStatus(SagaStatus.RUNNING, Step.FULL_ROLLBACK)
                .when(new DeploymentRequested(ROLLBACK, SAGA, CANARY, at(Duration.ofMinutes(16))))
                .when(new DeploymentEnded(ROLLBACK, CANARY, "2.3.1", "SUCCEEDED", null, at(Duration.ofMinutes(17))))
                .expectStatus(SagaStatus.COMPLETED, null);

        assertThat(s.sent()).containsExactly("ShiftTraffic " + id("partial-rollback"),
                "CancelDeployment " + id("cancel-deployment"), "StartDeployment " + id("full-rollback"));
        StartDeployment start = (StartDeployment) s.commands.get(2);
        assertThat(start.version()).isEqualTo("2.3.1");
        // the saga reports the escalation; its decision record still says what was decided
        assertThat(s.state.branch()).isEqualTo(Branch.FULL_ROLLBACK);
        assertThat(s.state.decision().branch()).isEqualTo(Branch.PARTIAL_ROLLBACK);
        assertThat(start.rollbackOf()).isEqualTo(CANARY);
        assertThat(start.sagaId()).isEqualTo(SAGA);
        assertThat(s.state.outcome()).isEqualTo("rolled back from 2.4.0 to 2.3.1");
    }

    @Test
    void fullRollbackOfAFinishedDeploymentStartsTheLastGoodVersion() {
        var s = given(decision(Branch.FULL_ROLLBACK, null, false))
                .expectStatus(SagaStatus.RUNNING, Step.FULL_ROLLBACK)
                // the test plays deploy-service: DeploySucceeded with rollbackOf
                .when(new DeploymentEnded(ROLLBACK, CANARY, "2.3.1", "SUCCEEDED", null, at(Duration.ofSeconds(30))))
                .expectStatus(SagaStatus.COMPLETED, null);

        assertThat(s.sent()).containsExactly("StartDeployment " + id("full-rollback"));
        assertThat(s.published()).containsExactly("RollbackSagaStarted", "RollbackStepCompleted", "RollbackCompleted");
    }

    @Test
    void fullRollbackOfAFinishedBlueGreenSwitchesTrafficBackAndStartsNothing() {
        var s = given(SagaScript.switchBack())
                .expectStatus(SagaStatus.RUNNING, Step.SWITCH_BACK);
        ShiftTraffic shift = (ShiftTraffic) s.commands.get(0);
        assertThat(shift.deploymentId()).isEqualTo(CANARY);
        assertThat(shift.newPercent()).isZero();
        assertThat(shift.reason()).contains("switch back from 2.4.0 to 2.3.1");
        // another deployment's shift, or a shift that is not to 0 %, is not the switch-back
        s.when(new TrafficMoved(OTHER, 0, T0))
                .when(new TrafficMoved(CANARY, 50, T0))
                .expectStatus(SagaStatus.RUNNING, Step.SWITCH_BACK)
                .when(new TrafficMoved(CANARY, 0, at(Duration.ofSeconds(3))))
                .expectStatus(SagaStatus.COMPLETED, null);

        assertThat(s.sent()).containsExactly("ShiftTraffic " + id("switch-back"));
        assertThat(s.published()).containsExactly("RollbackSagaStarted", "RollbackStepCompleted", "RollbackCompleted");
        assertThat(s.state.outcome()).isEqualTo("rolled back from 2.4.0 to 2.3.1 by switching traffic back to the old colour");
        assertThat(s.state.rollbackDeploymentId()).isNull();
    }

    @Test
    void aSwitchBackWithoutAnswerFallsBackToANewDeploymentOfTheTarget() {
        var s = given(SagaScript.switchBack())
                // deploy-service refused it (the old colour is no longer kept): no TrafficShifted comes
                .when(new Timeout(at(SagaScript.STEP_TIMEOUT)))
                .expectStatus(SagaStatus.RUNNING, Step.FULL_ROLLBACK)
                .when(new DeploymentEnded(ROLLBACK, CANARY, "2.3.1", "SUCCEEDED", null, at(Duration.ofMinutes(3))))
                .expectStatus(SagaStatus.COMPLETED, null);

        assertThat(s.sent()).containsExactly("ShiftTraffic " + id("switch-back"), "StartDeployment " + id("full-rollback"));
        assertThat(s.steps).extracting(StepRecord::step, StepRecord::status).contains(
                tuple(Step.SWITCH_BACK, "FAILED"), tuple(Step.FULL_ROLLBACK, "SUCCEEDED"));
        assertThat(((StartDeployment) s.commands.get(1)).rollbackOf()).isEqualTo(CANARY);
    }

    @Test
    void fullRollbackOfARunningDeploymentCancelsItFirst() {
        var s = given(decision(Branch.FULL_ROLLBACK, null, true))
                .expectStatus(SagaStatus.RUNNING, Step.CANCEL_DEPLOYMENT)
                // another deployment's end is not ours
                .when(new DeploymentEnded(OTHER, null, "9.9.9", "CANCELLED", null, T0))
                .expectStatus(SagaStatus.RUNNING, Step.CANCEL_DEPLOYMENT)
                .when(new DeploymentEnded(CANARY, null, "2.4.0", "CANCELLED", null, T0))
                .when(new DeploymentEnded(ROLLBACK, CANARY, "2.3.1", "SUCCEEDED", null, T0))
                .expectStatus(SagaStatus.COMPLETED, null);

        assertThat(s.sent()).containsExactly("CancelDeployment " + id("cancel-deployment"),
                "StartDeployment " + id("full-rollback"));
    }

    @Test
    void corruptionGoesToMaintenanceWaitsForRepairThenSwitchesItOff() {
        var s = given(decision(Branch.MAINTENANCE, null, false))
                .expectStatus(SagaStatus.RUNNING, Step.MAINTENANCE_ON)
                .when(new MaintenanceChanged(true, T0))
                .expectStatus(SagaStatus.WAITING_APPROVAL, Step.AWAIT_REPAIR);
        // no clock runs out on a person repairing data
        assertThat(s.state.deadline()).isNull();
        s.when(new ConfirmRepair("alice", at(Duration.ofHours(2))))
                .expectStatus(SagaStatus.RUNNING, Step.MAINTENANCE_OFF)
                .when(new MaintenanceChanged(false, at(Duration.ofHours(2))))
                .expectStatus(SagaStatus.COMPLETED, null);

        assertThat(s.sent()).containsExactly("SetMaintenanceMode " + id("maintenance-on"),
                "SetMaintenanceMode " + id("maintenance-off"));
        assertThat(((SetMaintenanceMode) s.commands.get(0)).enabled()).isTrue();
        assertThat(((SetMaintenanceMode) s.commands.get(1)).enabled()).isFalse();
        assertThat(s.state.operator()).isEqualTo("alice");
        assertThat(s.state.outcome()).contains("confirmed by alice");
    }

    @Test
    void riskyRollbackWaitsForApprovalThenRunsTheApprovedBranch() {
        var s = given(decision(Branch.WAIT_APPROVAL, Branch.FULL_ROLLBACK, false))
                .expectStatus(SagaStatus.WAITING_APPROVAL, Step.AWAIT_APPROVAL);
        assertThat(s.sent()).isEmpty();
        assertThat(s.published()).containsExactly("RollbackSagaStarted", "RollbackApprovalRequired");

        s.when(new Approve("alice", at(Duration.ofMinutes(5))))
                .expectStatus(SagaStatus.RUNNING, Step.FULL_ROLLBACK)
                .when(new DeploymentEnded(ROLLBACK, CANARY, "2.3.1", "SUCCEEDED", null, at(Duration.ofMinutes(6))))
                .expectStatus(SagaStatus.COMPLETED, null);
        assertThat(s.sent()).containsExactly("StartDeployment " + id("full-rollback"));
        assertThat(((RollbackCompleted) s.events.get(s.events.size() - 1)).branch()).isEqualTo("WAIT_APPROVAL");
    }

    @Test
    void abortEndsAWaitingSagaWithRollbackFailedSayingWhoAndWhy() {
        var s = given(decision(Branch.WAIT_APPROVAL, Branch.FULL_ROLLBACK, false))
                .when(new Abort("alice", "we fix forward", T0))
                .expectStatus(SagaStatus.ABORTED, null);
        assertThat(s.sent()).isEmpty();
        RollbackFailed failed = (RollbackFailed) s.events.get(s.events.size() - 1);
        assertThat(failed.failedStep()).isEqualTo("await-approval");
        assertThat(failed.reason()).isEqualTo("aborted by alice: we fix forward");
    }

    @Test
    void aStepWithoutAnswerIsRetriedWithBackOffThenTheSagaFails() {
        var s = given(decision(Branch.PARTIAL_ROLLBACK, null, true));
        assertThat(s.state.deadline()).isEqualTo(at(SagaScript.STEP_TIMEOUT));
        s.when(new Timeout(at(Duration.ofMinutes(2))))
                .expectStatus(SagaStatus.RUNNING, Step.PARTIAL_ROLLBACK);
        // attempt 2 waits twice as long
        assertThat(s.state.deadline()).isEqualTo(at(Duration.ofMinutes(6)));
        s.when(new Timeout(at(Duration.ofMinutes(6))))
                .when(new Timeout(at(Duration.ofMinutes(12))))
                .expectStatus(SagaStatus.FAILED, null);

        assertThat(s.sent()).containsExactly("ShiftTraffic " + id("partial-rollback"),
                "ShiftTraffic " + id("partial-rollback") + ":2", "ShiftTraffic " + id("partial-rollback") + ":3");
        RollbackFailed failed = (RollbackFailed) s.events.get(s.events.size() - 1);
        assertThat(failed.failedStep()).isEqualTo("partial-rollback");
        assertThat(failed.reason()).startsWith("step partial-rollback failed after 3 attempts (no answer from deploy-service");
    }

    @Test
    void aFailedRollbackDeploymentIsRetriedWithANewRequestId() {
        var s = given(decision(Branch.FULL_ROLLBACK, null, false))
                .when(new DeploymentRequested(ROLLBACK, SAGA, CANARY, T0))
                .when(new DeploymentEnded(ROLLBACK, CANARY, "2.3.1", "FAILED", "health check 503", T0))
                .expectStatus(SagaStatus.RUNNING, Step.FULL_ROLLBACK);
        assertThat(s.sent()).containsExactly("StartDeployment " + id("full-rollback"),
                "StartDeployment " + id("full-rollback") + ":2");
        assertThat(s.state.attempt()).isEqualTo(2);
    }

    @Test
    void alertOnlyIsRecordedAndEndsAtOnce() {
        var s = given(decision(Branch.ALERT_ONLY, null, false)).expectStatus(SagaStatus.COMPLETED, null);
        assertThat(s.sent()).isEmpty();
        assertThat(s.published()).containsExactly("RollbackSagaStarted", "RollbackCompleted");
    }

    @Test
    void aRedeliveredFactSendsNothingTwice() {
        var s = given(decision(Branch.PARTIAL_ROLLBACK, null, true))
                .when(new TrafficMoved(CANARY, 0, T0))
                .when(new TrafficMoved(CANARY, 0, T0));
        assertThat(s.last.isNoop()).isTrue();
        assertThat(s.sent()).hasSize(1);
    }

    @Test
    void operatorActionsOutOfTurnAreRefused() {
        var running = given(decision(Branch.FULL_ROLLBACK, null, false));
        assertThatThrownBy(() -> running.when(new Approve("alice", T0)))
                .isInstanceOf(IllegalSagaTransitionException.class).hasMessageContaining("waits for no approval");
        assertThatThrownBy(() -> running.when(new ConfirmRepair("alice", T0)))
                .isInstanceOf(IllegalSagaTransitionException.class).hasMessageContaining("waits for no repair");
        var done = given(decision(Branch.ALERT_ONLY, null, false));
        assertThatThrownBy(() -> done.when(new Abort("alice", null, T0)))
                .isInstanceOf(IllegalSagaTransitionException.class).hasMessageContaining("is COMPLETED");
        assertThat(List.of(running.state.status(), done.state.status()))
                .containsExactly(SagaStatus.RUNNING, SagaStatus.COMPLETED);
    }

    @Test
    void aSecondBreachJoinsTheRunningSagaAndSendsNothing() {
        var s = given(decision(Branch.PARTIAL_ROLLBACK, null, true));
        Transition joined = s.machine.join(s.state, "rule latency breached of 2.4.0", at(Duration.ofMinutes(1)));
        assertThat(joined.commands()).isEmpty();
        assertThat(joined.events()).isEmpty();
        assertThat(joined.state()).isEqualTo(s.state);
        assertThat(joined.steps()).extracting(StepRecord::step, StepRecord::status)
                .containsExactly(tuple(Step.JOINED_BREACH, "RECORDED"));
        // an ended saga is joined by nobody: the next breach gets its own decision
        var done = given(decision(Branch.ALERT_ONLY, null, false));
        assertThatThrownBy(() -> done.machine.join(done.state, "late", T0))
                .isInstanceOf(IllegalSagaTransitionException.class);
    }
}
