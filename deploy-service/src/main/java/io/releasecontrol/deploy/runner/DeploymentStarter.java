package io.releasecontrol.deploy.runner;

import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.executor.DeployExecutors;
import io.releasecontrol.runtime.problem.ProblemException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Creates a deployment (after checking its executor can run there) and launches its runner after commit. */
@Component
public class DeploymentStarter {

    private final DeploymentService deployments;
    private final DeployExecutors executors;
    private final DeploymentRunner runner;

    public DeploymentStarter(DeploymentService deployments, DeployExecutors executors, DeploymentRunner runner) {
        this.deployments = deployments;
        this.executors = executors;
        this.runner = runner;
    }

    /** Errors with 422 when the executor cannot deploy to the environment: nothing is written then. */
    public Mono<Void> checkExecutor(String executor, String environment) {
        return Mono.defer(() -> {
            var found = executors.find(executor);
            if (found.isEmpty()) {
                return Mono.error(ProblemException.invalid("executor", "unknown executor '" + executor
                        + "' (expected one of " + String.join(", ", executors.names()) + ")"));
            }
            String why = found.get().unavailableFor(environment);
            return why == null ? Mono.empty() : Mono.error(ProblemException.unprocessable(why));
        });
    }

    public Mono<Deployment> start(NewDeployment request, String causationId) {
        return create(request, causationId).doOnNext(d -> launch(d.spec().id()));
    }

    /** Creates without launching: for callers whose own transaction commits later (commands). */
    public Mono<Deployment> create(NewDeployment request, String causationId) {
        return checkExecutor(request.executor(), request.environment())
                .then(deployments.create(request, causationId));
    }

    /** Runs a committed PENDING deployment; a deployment in any other status is left alone. */
    public void launch(java.util.UUID id) {
        runner.launch(id);
    }
}
