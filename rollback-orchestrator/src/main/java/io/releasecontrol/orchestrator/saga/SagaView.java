package io.releasecontrol.orchestrator.saga;

import java.util.List;

/**
 * A saga as the API shows it: its state, who or what started it, and its step list.
 *
 * @param requestedBy the rule, reporter or person that started it
 * @param triggerId   the breach/report event id, or the manual request's id
 */
public record SagaView(SagaState state, String requestedBy, String triggerId, List<StepRecord> steps) {

    public SagaView {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    SagaView withSteps(List<StepRecord> newSteps) {
        return new SagaView(state, requestedBy, triggerId, newSteps);
    }
}
