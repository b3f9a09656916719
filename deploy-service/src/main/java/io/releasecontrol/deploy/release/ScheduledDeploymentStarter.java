package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.runner.DeploymentRunner;
import io.releasecontrol.runtime.jobs.PeriodicJob;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Starts scheduled deployments once they are due (and approved, when they need it), and approved
 * deployments whose instance died before starting them. The due rows are claimed in the database,
 * so with several instances each is launched by one of them; a restart loses nothing, as the
 * schedule and the approvals are only in the database.
 */
@Component
public class ScheduledDeploymentStarter extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(ScheduledDeploymentStarter.class);
    private static final int BATCH = 20;

    private final DeploymentRepository repository;
    private final DeploymentRunner runner;
    private final Duration lease;

    public ScheduledDeploymentStarter(DeploymentRepository repository, DeploymentRunner runner,
            ReleaseProperties props) {
        super(Schedule.every("scheduled deployments", props.scheduleCheckEvery(), props.scheduleCheckEvery()));
        this.repository = repository;
        this.runner = runner;
        this.lease = props.claimLease();
    }

    /** One round: claims the due deployments and launches them (after the claim committed); emits how many. */
    @Override
    public Mono<Long> round() {
        return repository.claimDue(lease, BATCH).collectList()
                .doOnNext(ids -> ids.forEach(id -> {
                    log.info("deployment {} is due (scheduled or approved): starting it", id);
                    runner.launch(id);
                }))
                .map(ids -> (long) ids.size());
    }
}
