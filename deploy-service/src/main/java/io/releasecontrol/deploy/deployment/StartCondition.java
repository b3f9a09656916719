package io.releasecontrol.deploy.deployment;

import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * What a new deployment waits for before it may start, besides its approvals: its pre-deployment
 * checklist, which the checklist feature prepares and {@link DeploymentService#create} writes in the
 * transaction that creates the deployment.
 */
public interface StartCondition {

    /** Nothing to wait for and nothing to write. */
    StartCondition NONE = new StartCondition() {
        @Override
        public String waitReason() {
            return null;
        }

        @Override
        public Mono<Void> write(UUID deploymentId) {
            return Mono.empty();
        }
    };

    /** Why the new deployment waits, for its step; null when it need not. */
    String waitReason();

    /** Stores the condition of the new deployment, once its row is written, in the same transaction. */
    Mono<Void> write(UUID deploymentId);
}
