package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;

/**
 * One approval of a waiting deployment; when {@code approvals} reaches {@code approvalsRequired}
 * the deployment starts.
 *
 * @param approvals         distinct approvals so far, this one included
 * @param sequence          the deployment's number within its target
 */
@EventType("io.releasecontrol.deployment.approved.v1")
public record DeployApproved(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String approvedBy,
        String comment,
        Integer approvals,
        Integer approvalsRequired,
        Long sequence) implements DeploymentEvent {
}
