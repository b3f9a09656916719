package io.releasecontrol.orchestrator.web;

import io.releasecontrol.orchestrator.decision.Decision;
import io.releasecontrol.orchestrator.saga.SagaState;
import io.releasecontrol.orchestrator.saga.SagaView;
import io.releasecontrol.orchestrator.saga.StepRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rollback saga as the API returns it (DESIGN §10): state, steps, and the decision record that
 * explains it.
 *
 * @param branch   the branch being executed (FULL_ROLLBACK once a partial rollback that did not recover escalated)
 * @param branches every branch the saga executed, in order: the decided one, then an escalation
 * @param step     the current step; null once the saga ended
 * @param deadline when the current step times out or the observation ends; null while a person is awaited
 */
public record RollbackResource(String id, String application, String environment, String status, String cause,
        String branch, List<String> branches, String step, int attempt, String fromVersion, String targetVersion, String deploymentId,
        String rollbackDeploymentId, DecisionResource decision, List<StepResource> steps, Instant deadline,
        String outcome, String failureReason, String operator, String requestedBy, String trigger, Instant createdAt,
        Instant completedAt, Map<String, String> links) {

    static RollbackResource of(SagaView v) {
        SagaState s = v.state();
        String self = "/api/v1/rollbacks/" + s.id();
        return new RollbackResource(s.id().toString(), s.application(), s.environment(), s.status().name(), s.cause(),
                s.branch().name(), branches(s), s.stepName(), s.attempt(), s.fromVersion(), s.targetVersion(),
                s.deploymentId() == null ? null : s.deploymentId().toString(),
                s.rollbackDeploymentId() == null ? null : s.rollbackDeploymentId().toString(),
                DecisionResource.of(s.decision()), v.steps().stream().map(StepResource::of).toList(), s.deadline(),
                s.outcome(), s.failureReason(), s.operator(), v.requestedBy(), v.triggerId(), s.createdAt(),
                s.completedAt(), Map.of("self", self, "approve", self + "/approve", "abort", self + "/abort",
                        "confirmRepair", self + "/confirm-repair"));
    }

    private static List<String> branches(SagaState s) {
        Decision d = s.decision();
        String decided = (d.onApproval() != null ? d.onApproval() : d.branch()).name();
        return decided.equals(s.branch().name()) ? List.of(decided) : List.of(decided, s.branch().name());
    }

    /** The decision record: which branch and why, with the numbers. */
    public record DecisionResource(String branch, String onApproval, Double impactPercent, String rule, String metric,
            Double observed, Double threshold, String window, Integer samples, String statistic, List<String> reasons,
            String fromVersion, String targetVersion, String deploymentId, boolean deploymentActive,
            boolean switchBack) {

        static DecisionResource of(Decision d) {
            return new DecisionResource(d.branch().name(), d.onApproval() == null ? null : d.onApproval().name(),
                    d.impactPercent(), d.rule(), d.metric(), d.observed(), d.threshold(),
                    d.window() == null ? null : d.window().toString(), d.samples(), d.statistic(), d.reasonTexts(),
                    d.fromVersion(), d.targetVersion(), d.deploymentId() == null ? null : d.deploymentId().toString(),
                    d.deploymentActive(), d.switchBack());
        }
    }

    /** One step: RUNNING, SUCCEEDED, FAILED, ABORTED or RECORDED (a breach that joined). */
    public record StepResource(String name, int attempt, String status, Instant startedAt, Instant completedAt,
            String command, String detail) {

        static StepResource of(StepRecord r) {
            return new StepResource(r.name(), r.attempt(), r.status(), r.startedAt(), r.completedAt(), r.command(),
                    r.detail());
        }
    }
}
