package io.releasecontrol.orchestrator.saga;

import io.releasecontrol.events.command.DeployCommand;
import io.releasecontrol.events.saga.RollbackSagaEvent;
import java.util.List;

/**
 * What a saga step decided: the next state, the commands to send, the events to publish and the
 * step records to write — all stored in one transaction (outbox).
 */
public record Transition(SagaState state, List<DeployCommand> commands, List<RollbackSagaEvent> events,
        List<StepRecord> steps) {

    public Transition {
        commands = List.copyOf(commands);
        events = List.copyOf(events);
        steps = List.copyOf(steps);
    }

    /** Nothing to do: the input did not concern this saga's current step. */
    public boolean isNoop() {
        return commands.isEmpty() && events.isEmpty() && steps.isEmpty();
    }
}
