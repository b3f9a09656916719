package io.releasecontrol.deploy.executor;

import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Carries out the steps of deployments. Start is idempotent: starting an execution whose key is
 * already running joins it instead of starting it again.
 */
public interface DeployExecutor {

    /** The name used in requests ({@code simulated}, {@code script}). */
    String name();

    /** Whether this executor can deploy to the environment; null when it can, else why not. */
    String unavailableFor(String environment);

    /**
     * Runs the step: emits its output lines and completes when it succeeded; errors with
     * {@link ExecutionFailedException} or {@link ExecutionCancelledException}.
     */
    Flux<OutputLine> start(Execution execution);

    /** Stops whatever runs for the deployment (a script's whole process tree). */
    Mono<Void> cancel(UUID deploymentId);

    ExecutionStatus status(UUID deploymentId);

    /**
     * Whether a step it was carrying out in the environment when its deploy-service instance died
     * may simply be started again by the instance that takes the deployment over (the first run
     * may have done part of it, or all of it).
     */
    boolean reentersInterruptedStep(String environment);
}
