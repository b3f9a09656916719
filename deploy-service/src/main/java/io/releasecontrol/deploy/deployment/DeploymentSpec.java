package io.releasecontrol.deploy.deployment;

import io.releasecontrol.deploy.strategy.CanaryPlan;
import io.releasecontrol.events.Strategy;
import java.time.Instant;
import java.util.UUID;

/**
 * What was asked for: fixed when the deployment is created.
 *
 * @param canary    the canary plan; null for other strategies
 * @param requestId natural idempotency key of the command that created it; null for API requests
 * @param sequence  the deployment's number within its target (1, 2, 3, ...), stamped on every event
 */
public record DeploymentSpec(
        UUID id,
        String application,
        String environment,
        String version,
        Strategy strategy,
        String executor,
        CanaryPlan canary,
        String requestedBy,
        UUID rollbackOf,
        UUID sagaId,
        String requestId,
        long sequence,
        DeploymentOptions options,
        Instant createdAt) {

    public boolean isRollback() {
        return rollbackOf != null;
    }
}
