package io.releasecontrol.orchestrator.decision;

import java.time.Duration;

/**
 * The environment's and application's rules for a decision.
 *
 * @param correlationWindow a breach starts a saga only if the target's latest deployment of the
 *                          breaching version is active or ended less than this ago
 * @param impactThresholdPercent at or above this share of users the rollback is full (the runbook's 10 %)
 * @param approveFullRollback production may require a person for every full rollback
 * @param skipRollback      the application opted out of automatic rollbacks (schema-migration cases)
 * @param switchBackWindow  how long after a blue-green deployment finished its old colour is still kept
 *                          (deploy-service's {@code rc.deploy.blue-green.keep-old-colour}): within it a full
 *                          rollback switches traffic back instead of deploying the last good version again
 */
public record Policy(Duration correlationWindow, double impactThresholdPercent, boolean approveFullRollback,
        boolean skipRollback, Duration switchBackWindow) {
}
