package io.releasecontrol.deploy.executor;

import io.releasecontrol.deploy.deployment.DeploymentSpec;
import io.releasecontrol.deploy.strategy.Step;

/**
 * One step of one deployment handed to an executor.
 *
 * @param weight          the new version's share of traffic asked for in this step (RC_WEIGHT)
 * @param previousVersion what runs in the target now (what a rollback replaces)
 * @param colour          blue-green: the colour being deployed to; null otherwise
 */
public record Execution(DeploymentSpec deployment, Step step, int weight, String previousVersion, String colour) {

    /** Idempotency key: starting the same step of the same deployment twice runs it once. */
    public String key() {
        return deployment.id() + "/" + step.name();
    }
}
