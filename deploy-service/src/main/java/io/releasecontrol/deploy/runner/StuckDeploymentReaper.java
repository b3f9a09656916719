package io.releasecontrol.deploy.runner;

import io.releasecontrol.deploy.DeployProperties;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.deployment.IllegalTransitionException;
import io.releasecontrol.deploy.log.LogService;
import io.releasecontrol.runtime.jobs.PeriodicJob;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The backstop: fails active deployments whose runner has not been heard of for
 * {@code rc.deploy.stuck-after}, which would otherwise hold their target's lock forever. A running
 * or paused deployment whose instance died is taken over through its lease ({@link DeploymentLeases})
 * within seconds, long before this; what is left for the reaper is a pending one no instance started
 * and a deployment no live instance could take over (say, every instance down for longer than this).
 * Leases are renewed, and runners heartbeat, while they work or wait, so a long canary pause is not stuck.
 */
@Component
public class StuckDeploymentReaper extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(StuckDeploymentReaper.class);

    private final DeploymentRepository repository;
    private final DeploymentService deployments;
    private final DeploymentRunner runner;
    private final LogService logs;
    private final Duration stuckAfter;

    public StuckDeploymentReaper(DeploymentRepository repository, DeploymentService deployments,
            DeploymentRunner runner, LogService logs, DeployProperties props) {
        super(Schedule.every("stuck-deployment", every(props.stuckAfter()), every(props.stuckAfter())));
        this.repository = repository;
        this.deployments = deployments;
        this.runner = runner;
        this.logs = logs;
        this.stuckAfter = props.stuckAfter();
    }

    /** One round; emits how many deployments it failed. */
    public Mono<Long> reap() {
        Instant before = Instant.now().minus(stuckAfter);
        return repository.findStale(before)
                .filter(d -> !runner.isRunning(d.spec().id()))
                .concatMap(d -> {
                    String reason = "no runner heard from since " + before + " or earlier (deploy-service instance "
                            + "gone?); failed after " + stuckAfter + " without heartbeat";
                    return logs.system(d.spec(), reason)
                            .then(deployments.transition(d.spec().id(), null,
                                    x -> x.fail(x.state().currentStep(), reason, null, DeploymentService.now())))
                            .doOnNext(x -> log.warn("deployment {} ({}:{}) was stuck in {}: failed", x.spec().id(),
                                    x.spec().application(), x.spec().environment(), d.status()))
                            // finished meanwhile: nothing to do
                            .onErrorResume(IllegalTransitionException.class, e -> Mono.empty());
                })
                .count();
    }

    @Override
    protected Mono<Long> round() {
        return reap();
    }

    private static Duration every(Duration stuckAfter) {
        return stuckAfter.dividedBy(4).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1)
                : stuckAfter.dividedBy(4);
    }
}
