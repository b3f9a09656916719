package io.releasecontrol.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.SagaId;
import io.releasecontrol.events.command.DeployCommand;
import io.releasecontrol.events.saga.RollbackSagaEvent;
import io.releasecontrol.orchestrator.decision.Branch;
import io.releasecontrol.orchestrator.decision.Decision;
import io.releasecontrol.orchestrator.decision.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Given a decision and these inputs, expect these commands and events: the saga read as a script. */
final class SagaScript {

    static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    static final SagaId SAGA = new SagaId(UUID.fromString("00000000-0000-0000-0000-0000000000aa"));
    static final DeploymentId CANARY = new DeploymentId(UUID.fromString("00000000-0000-0000-0000-0000000000c1"));
    static final DeploymentId ROLLBACK = new DeploymentId(UUID.fromString("00000000-0000-0000-0000-0000000000b1"));
    static final Duration OBSERVATION = Duration.ofMinutes(15);
    static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);
    static final List<Reason> BECAUSE = List.of(new Reason.Text("because"));

    final SagaMachine machine = new SagaMachine(OBSERVATION, STEP_TIMEOUT, 3);
    SagaState state;
    final List<DeployCommand> commands = new ArrayList<>();
    final List<RollbackSagaEvent> events = new ArrayList<>();
    final List<StepRecord> steps = new ArrayList<>();
    Transition last;

    static Decision decision(Branch branch, Branch onApproval, boolean deploymentActive) {
        return new Decision(branch, onApproval, branch == Branch.PARTIAL_ROLLBACK ? 5.0 : 50.0, "error-rate",
                "errorRate", 0.12, 0.05, Duration.ofMinutes(5), 6, "ratio(errors/requests)", BECAUSE, "2.4.0", "2.3.1",
                CANARY, deploymentActive, false);
    }

    /** A full rollback of a finished blue-green deployment (CANARY stands for it) by switching back. */
    static Decision switchBack() {
        return new Decision(Branch.FULL_ROLLBACK, null, 100.0, "error-rate", "errorRate", 0.12, 0.05,
                Duration.ofMinutes(5), 6, "ratio(errors/requests)", BECAUSE, "2.4.0", "2.3.1", CANARY, false, true);
    }

    static SagaScript given(Decision d) {
        SagaScript s = new SagaScript();
        s.record(s.machine.start(SAGA, "shop", "production", "breach", d, "rule error-rate", T0));
        return s;
    }

    SagaScript when(SagaInput input) {
        record(machine.apply(state, input));
        return this;
    }

    private void record(Transition t) {
        last = t;
        state = t.state();
        commands.addAll(t.commands());
        events.addAll(t.events());
        steps.addAll(t.steps());
    }

    /** Command type and request id of each command sent so far, e.g. {@code ShiftTraffic <saga>:partial-rollback}. */
    List<String> sent() {
        return commands.stream().map(c -> c.getClass().getSimpleName() + " " + c.requestId()).toList();
    }

    List<String> published() {
        return events.stream().map(e -> e.getClass().getSimpleName()).toList();
    }

    SagaScript expectStatus(SagaStatus status, Step step) {
        assertThat(state.status()).as("status").isEqualTo(status);
        assertThat(state.step()).as("step").isEqualTo(step);
        return this;
    }

    static String id(String step) {
        return SAGA + ":" + step;
    }

    static Instant at(Duration after) {
        return T0.plus(after);
    }
}
