package io.releasecontrol.orchestrator.saga;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.SagaId;
import java.time.Instant;

/** What moves a running saga: facts from the topics, operator actions and the clock. */
public sealed interface SagaInput {

    Instant at();

    /** deploy-service accepted a deployment (ours when {@code sagaId} is ours). */
    record DeploymentRequested(DeploymentId deploymentId, SagaId sagaId, DeploymentId rollbackOf, Instant at)
            implements SagaInput {
    }

    /** deploy-service moved a deployment's traffic (its {@code TrafficShifted} event). */
    record TrafficMoved(DeploymentId deploymentId, int newPercent, Instant at) implements SagaInput {
    }

    /** A deployment ended: SUCCEEDED, FAILED or CANCELLED. */
    record DeploymentEnded(DeploymentId deploymentId, DeploymentId rollbackOf, String version, String status,
            String reason, Instant at) implements SagaInput {
    }

    record MaintenanceChanged(boolean enabled, Instant at) implements SagaInput {
    }

    /** MetricsRecovered for a version of the target. */
    record Recovered(String version, String detail, Instant at) implements SagaInput {
    }

    record Approve(String by, Instant at) implements SagaInput {
    }

    record Abort(String by, String reason, Instant at) implements SagaInput {
    }

    record ConfirmRepair(String by, Instant at) implements SagaInput {
    }

    /** The clock passed the stored deadline. */
    record Timeout(Instant at) implements SagaInput {
    }
}
