package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import java.time.Instant;

/**
 * A deployment waits in PENDING for approvals (environment policy, freeze window, hotfix).
 *
 * @param approvalsRequired how many distinct approvers (never the requester) it needs
 * @param reason            why it waits, as shown on the deployment
 * @param freezeWindow      the freeze window it was admitted in (hotfix or rollback); null outside one
 * @param expiresAt         it is cancelled when not approved by then
 * @param sequence          the deployment's number within its target
 */
@EventType("io.releasecontrol.deployment.approval-requested.v1")
public record DeployApprovalRequested(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String requestedBy,
        Integer approvalsRequired,
        String reason,
        String freezeWindow,
        Instant expiresAt,
        Long sequence) implements DeploymentEvent {
}
