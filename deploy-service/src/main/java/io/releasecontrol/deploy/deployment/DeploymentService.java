package io.releasecontrol.deploy.deployment;

import io.releasecontrol.deploy.strategy.BlueGreenProperties;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.runtime.outbox.Outbox;
import io.releasecontrol.runtime.problem.ProblemException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Creates deployments and applies their transitions: each change and the events it causes are
 * written in one transaction (state row + outbox rows), under a row lock on the deployment.
 */
@Service
public class DeploymentService {

    private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);

    private final DeploymentRepository repository;
    private final Outbox outbox;
    private final TransactionalOperator tx;
    private final ApprovalGateRepository gates;
    private final BlueGreenProperties blueGreen;

    public DeploymentService(DeploymentRepository repository, Outbox outbox, TransactionalOperator tx,
            ApprovalGateRepository gates, BlueGreenProperties blueGreen) {
        this.blueGreen = blueGreen;
        this.gates = gates;
        this.repository = repository;
        this.outbox = outbox;
        this.tx = tx;
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Creates a PENDING deployment and its {@code DeployRequested}. A busy target fails with
     * {@link TargetBusyException}: the database's partial unique index decides, so concurrent
     * requests and several instances get the same answer.
     */
    public Mono<Deployment> create(NewDeployment req, String causationId) {
        return create(req, causationId, null);
    }

    /**
     * As above; with {@code approval} the deployment waits in PENDING for its approvals (gate and
     * {@code DeployApprovalRequested} written in the same transaction).
     */
    public Mono<Deployment> create(NewDeployment req, String causationId, ApprovalRequest approval) {
        return create(req, causationId, approval, StartCondition.NONE);
    }

    /**
     * As above, with what else it waits for ({@code condition}: its pre-deployment checklist, written in
     * the same transaction): while the condition gives a reason it waits in PENDING, the step says why.
     */
    public Mono<Deployment> create(NewDeployment req, String causationId, ApprovalRequest approval,
            StartCondition condition) {
        UUID id = UUID.randomUUID();
        Mono<Deployment> create = repository.nextSequence(req.application(), req.environment())
                .flatMap(sequence -> {
                    Transition t = Deployment.request(req.toSpec(id, sequence, now()));
                    if (req.options().scheduledAt() != null) {
                        t = new Transition(t.deployment().scheduled(req.options().scheduledAt()), t.events());
                    }
                    Mono<Void> conditionRows = condition.write(id);
                    if (approval == null) {
                        Deployment d = waitingFor(t.deployment(), condition.waitReason());
                        return repository.insert(d).then(conditionRows).then(append(t, causationId)).thenReturn(d);
                    }
                    Transition waiting = t.deployment().awaitApproval(approval);
                    Deployment d = waitingFor(waiting.deployment(), condition.waitReason());
                    return repository.insert(d).then(gates.insert(id, approval)).then(conditionRows)
                            .then(append(t, causationId)).then(append(waiting, causationId))
                            .thenReturn(d);
                });
        return tx.transactional(create)
                .onErrorResume(DataIntegrityViolationException.class, e -> whyRefused(req, e))
                .doOnNext(d -> log.info("deployment {} of {} {}:{} requested by {} (sequence {})", d.spec().id(),
                        req.version(), req.application(), req.environment(), req.requestedBy(), d.spec().sequence()));
    }

    private static Deployment waitingFor(Deployment d, String reason) {
        if (reason == null) {
            return d;
        }
        String step = d.state().currentStep();
        return d.waitFor(DeploymentState.pending().currentStep().equals(step) ? "waiting for " + reason
                : step + "; waiting for " + reason).deployment();
    }

    private Mono<Deployment> whyRefused(NewDeployment req, DataIntegrityViolationException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains(DeploymentRepository.ONE_ACTIVE_PER_TARGET)) {
            return repository.findActive(req.application(), req.environment())
                    .map(active -> active.spec().id().toString())
                    // it finished between our insert and this read: still a conflict, say so
                    .defaultIfEmpty("unknown (it finished meanwhile)")
                    .flatMap(running -> Mono.error(new TargetBusyException(req.application(), req.environment(),
                            running)));
        }
        if (req.requestId() != null && message.contains("request_id")) {
            return repository.findByRequestId(req.requestId());
        }
        return Mono.error(e);
    }

    public Mono<Deployment> find(UUID id) {
        return repository.findById(id)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("no deployment " + id)));
    }

    /** Applies one guarded transition under the row lock and writes its events to the outbox. */
    public Mono<Deployment> transition(UUID id, String causationId, Function<Deployment, Transition> change) {
        Mono<Deployment> work = repository.lockById(id)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("no deployment " + id)))
                .flatMap(before -> {
                    Transition t = change.apply(before);
                    Deployment after = t.deployment();
                    return repository.update(after).then(append(t, causationId))
                            .doOnSuccess(v -> logChange(before, after))
                            .thenReturn(after);
                });
        return tx.transactional(work);
    }

    /**
     * Moves traffic. On a finished blue-green deployment (the switch-back) only the latest
     * deployment of the target may do so, within {@code rc.deploy.blue-green.keep-old-colour} of its
     * end: an older one's colour, or a colour kept longer than that, is no longer there.
     */
    public Mono<Deployment> shiftTraffic(UUID id, Traffic target, String reason, String causationId) {
        return find(id).flatMap(d -> d.status().isFinished() ? oldColourKept(d) : Mono.just(d))
                .flatMap(d -> transition(id, causationId, x -> x.shiftTraffic(target, reason)));
    }

    private Mono<Deployment> oldColourKept(Deployment d) {
        UUID id = d.spec().id();
        if (!d.oldColourKept(now(), blueGreen.keepOldColour())) {
            return Mono.error(ProblemException.conflict("deployment " + id + " finished at " + d.state().completedAt()
                    + ": its old colour (" + d.state().previousVersion() + ") was kept for "
                    + blueGreen.keepOldColour() + " only (rc.deploy.blue-green.keep-old-colour); roll back with a"
                    + " new deployment", java.util.Map.of("deploymentId", id.toString())));
        }
        return repository.latestSequence(d.spec().application(), d.spec().environment())
                .filter(latest -> latest == d.spec().sequence())
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("deployment " + id
                        + " is no longer the latest of its target: its old colour is not kept",
                        java.util.Map.of("deploymentId", id.toString()))))
                .then(Mono.just(d));
    }

    private Mono<Void> append(Transition t, String causationId) {
        String correlation = t.deployment().spec().id().toString();
        return outbox.appendAll(t.events().stream()
                .map(e -> (EventEnvelope<?>) DeploymentEvents.envelope(e, correlation, causationId)).toList());
    }

    private static void logChange(Deployment before, Deployment after) {
        if (before.status() != after.status() || !Objects.equals(before.state().traffic(), after.state().traffic())) {
            log.info("deployment {} ({}:{}) from {} {}% -> {} {}% ({})", after.spec().id(), after.spec().application(),
                    after.spec().environment(), before.status(), before.state().traffic().newPercent(), after.status(),
                    after.state().traffic().newPercent(), after.state().currentStep());
        }
    }
}
