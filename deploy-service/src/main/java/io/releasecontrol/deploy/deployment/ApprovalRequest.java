package io.releasecontrol.deploy.deployment;

import java.time.Instant;

/**
 * Why and how a new deployment must be approved before it starts.
 *
 * @param approverRole the role each approver needs ({@code admin} or {@code deployer})
 * @param freezeWindow the freeze window that admitted it (hotfix, rollback); null outside one
 */
public record ApprovalRequest(int approvalsRequired, String approverRole, String reason, String freezeWindow,
        Instant expiresAt) {
}
