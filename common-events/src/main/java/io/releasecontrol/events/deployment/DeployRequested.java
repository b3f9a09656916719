package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import io.releasecontrol.events.SagaId;
import io.releasecontrol.events.Strategy;
import java.time.Instant;
import java.util.List;

/**
 * A deployment was accepted and is pending.
 *
 * @param canarySteps traffic percentages for a canary (e.g. [10, 50, 100]); empty otherwise
 * @param rollbackOf  the deployment this one rolls back; null for a normal deployment
 * @param sagaId      the rollback saga that asked for it; null when a person or bot did
 * @param sequence    the deployment's number within its target (1, 2, 3, ...), assigned by deploy-service;
 *                    a consumer never lets an event of an older deployment overwrite a newer one
 * @param scheduledAt when the deployment is to start; null: as soon as it may (absent from events before it existed)
 * @param hotfix      marked as a hotfix (admitted during a freeze window after an admin approval); false when absent
 */
@EventType("io.releasecontrol.deployment.requested.v1")
public record DeployRequested(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        Strategy strategy,
        String executor,
        List<Integer> canarySteps,
        String requestedBy,
        DeploymentId rollbackOf,
        SagaId sagaId,
        Long sequence,
        Instant scheduledAt,
        Boolean hotfix) implements DeploymentEvent {

    public DeployRequested {
        canarySteps = canarySteps == null ? List.of() : List.copyOf(canarySteps);
        hotfix = Boolean.TRUE.equals(hotfix);
    }

    /** A deployment to start at once, not a hotfix. */
    public DeployRequested(DeploymentId deploymentId, String application, String environment, String version,
            Strategy strategy, String executor, List<Integer> canarySteps, String requestedBy,
            DeploymentId rollbackOf, SagaId sagaId, Long sequence) {
        this(deploymentId, application, environment, version, strategy, executor, canarySteps, requestedBy,
                rollbackOf, sagaId, sequence, null, false);
    }
}
