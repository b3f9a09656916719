package io.releasecontrol.deploy.runner;

import io.releasecontrol.deploy.checklist.ChecklistService;
import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.executor.DeployExecutors;
import io.releasecontrol.deploy.maintenance.MaintenanceService;
import io.releasecontrol.runtime.problem.ProblemException;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Creates a deployment (after checking its executor can run there, what the environment's policy
 * says and that its target is not in maintenance) and launches its runner after commit; one waiting
 * for approvals or its checklist is launched when approved or when its checklist is complete.
 */
@Component
public class DeploymentStarter {

    private final DeploymentService deployments;
    private final DeployExecutors executors;
    private final DeploymentRunner runner;
    private final PolicyCheck policy;
    private final ChecklistService checklists;
    private final MaintenanceService maintenance;

    public DeploymentStarter(DeploymentService deployments, DeployExecutors executors, DeploymentRunner runner,
            PolicyCheck policy, ChecklistService checklists, MaintenanceService maintenance) {
        this.policy = policy;
        this.checklists = checklists;
        this.maintenance = maintenance;
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

    /**
     * Creates without launching: for callers whose own transaction commits later (commands). The
     * environment's policy may refuse it (422, 423) or make it wait for approvals and its checklist;
     * maintenance mode refuses all but rollbacks and repairs (423).
     */
    public Mono<Deployment> create(NewDeployment request, String causationId) {
        return checkExecutor(request.executor(), request.environment())
                .then(policy.check(request, DeploymentService.now()).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(approval -> checklists.prepare(request).flatMap(checklist -> maintenance.refuseIfOn(request)
                        .then(deployments.create(request, causationId, approval.orElse(null), checklist))));
    }

    /** Runs a committed PENDING deployment; a deployment in any other status is left alone. */
    public void launch(java.util.UUID id) {
        runner.launch(id);
    }
}
