package io.releasecontrol.deploy.runner;

import io.releasecontrol.deploy.DeployProperties;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.LeaseClaim;
import io.releasecontrol.runtime.instance.InstanceId;
import io.releasecontrol.runtime.jobs.PeriodicJob;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Keeps running deployments owned by a live instance. Every {@code rc.deploy.lease.heartbeat} this
 * instance renews the leases of the deployments it runs (one statement) and claims running or paused
 * deployments whose lease has passed — their instance died — and resumes them ({@link
 * DeploymentRunner#resume}). Its first round, at start, also claims back what this instance held
 * before a restart (with an explicit {@code rc.instance-id}), without waiting for the lease. A runner
 * whose lease another instance took, or that could not be renewed for a whole lease, is stopped
 * here, so a deployment is never run by two instances for longer than that.
 */
@Component
class DeploymentLeases extends PeriodicJob {

    private static final Logger log = LoggerFactory.getLogger(DeploymentLeases.class);
    /** Deployments claimed per round at most; the rest wait one heartbeat. */
    static final int BATCH = 20;

    private final DeploymentRepository repository;
    private final DeploymentRunner runner;
    private final InstanceId instance;
    private final Duration duration;
    private volatile boolean firstRound = true;
    /** When every lease this instance holds was last renewed (System.nanoTime). */
    private volatile long renewedAt = System.nanoTime();

    public DeploymentLeases(DeploymentRepository repository, DeploymentRunner runner, InstanceId instance,
            DeployProperties props) {
        super(Schedule.every("deployment leases", Duration.ZERO, props.lease().heartbeat()));
        this.repository = repository;
        this.runner = runner;
        this.instance = instance;
        this.duration = props.lease().duration();
    }

    /** One round: renew, then claim; emits how many deployments were claimed. */
    @Override
    protected Mono<Long> round() {
        return renew().then(claim());
    }

    Mono<Void> renew() {
        Set<UUID> mine = runner.runningIds();
        long started = System.nanoTime();
        return repository.renewLeases(instance.value(), mine, duration)
                .doOnNext(taken -> {
                    log.warn("deployment {} lease from {} -> {}: stopping its runner here", taken.deploymentId(),
                            instance.value(), taken.owner());
                    runner.abandon(taken.deploymentId());
                })
                .then(Mono.fromRunnable(() -> renewedAt = started))
                .onErrorResume(e -> {
                    Duration since = Duration.ofNanos(System.nanoTime() - renewedAt);
                    if (since.compareTo(duration) >= 0) {
                        // another instance may hold these leases by now: stop rather than run twice
                        runner.runningIds().forEach(id -> {
                            log.warn("deployment {}: lease not renewed for {} ({}): stopping its runner here", id,
                                    since, e.toString());
                            runner.abandon(id);
                        });
                    }
                    return Mono.error(e);
                })
                .then();
    }

    Mono<Long> claim() {
        boolean own = firstRound;
        // resumed once the claim has committed
        return repository.claimExpiredLeases(instance.value(), duration, BATCH, own).collectList()
                .doOnNext(claims -> {
                    firstRound = false;
                    claims.forEach(this::resume);
                })
                .map(claims -> (long) claims.size());
    }

    private void resume(LeaseClaim claim) {
        log.info("deployment {} lease from {} -> {}", claim.deploymentId(),
                claim.owner() == null ? "none" : claim.owner(), instance.value());
        runner.resume(claim.deploymentId(), claim.owner());
    }
}
