package io.releasecontrol.deploy.release;

import io.releasecontrol.deploy.checklist.ChecklistRepository;
import io.releasecontrol.deploy.checklist.ChecklistRules;
import io.releasecontrol.deploy.deployment.ApprovalGate;
import io.releasecontrol.deploy.deployment.ApprovalGateRepository;
import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.deployment.DeploymentStatus;
import io.releasecontrol.deploy.log.LogService;
import io.releasecontrol.deploy.runner.DeploymentStarter;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Approve, reject and expire deployments waiting for approval. Each decision takes the
 * deployment's row lock, so concurrent votes (on any instance) are counted once and in order.
 */
@Service
class ApprovalService {

    private static final Logger log = LoggerFactory.getLogger(ApprovalService.class);
    /** Who cancels a deployment whose approvals did not come in time. */
    public static final String EXPIRED_BY = "deploy-service";

    private final DeploymentRepository repository;
    private final DeploymentService deployments;
    private final ApprovalGateRepository gates;
    private final DeploymentStarter starter;
    private final LogService logs;
    private final TransactionalOperator tx;
    private final ChecklistRepository checklists;

    public ApprovalService(DeploymentRepository repository, DeploymentService deployments,
            ApprovalGateRepository gates, DeploymentStarter starter, LogService logs, TransactionalOperator tx,
            ChecklistRepository checklists) {
        this.checklists = checklists;
        this.repository = repository;
        this.deployments = deployments;
        this.gates = gates;
        this.starter = starter;
        this.logs = logs;
        this.tx = tx;
    }

    /** One approval; the last one needed starts the deployment (after commit). */
    public Mono<Deployment> approve(UUID id, TrustedIdentity who, String comment) {
        AtomicBoolean complete = new AtomicBoolean();
        Mono<Deployment> work = waitingGate(id, who, true).flatMap(gate -> {
            Instant now = DeploymentService.now();
            return gates.vote(id, new ApprovalGate.Vote(who.subject(), ApprovalGate.Decision.APPROVED, comment, now))
                    .flatMap(counted -> counted ? Mono.just(gate) : Mono.error(alreadyVoted(id, who)))
                    .flatMap(g -> {
                        int approvals = (int) g.approvals() + 1;
                        int required = g.request().approvalsRequired();
                        complete.set(approvals >= required);
                        Mono<Boolean> close = complete.get() ? gates.close(id, ApprovalGate.Status.APPROVED, now)
                                : Mono.just(true);
                        return close.then(deployments.transition(id, null,
                                d -> d.approve(who.subject(), comment, approvals, required)))
                                .flatMap(this::stillWaitingForChecklist);
                    });
        });
        return tx.transactional(work)
                .flatMap(d -> logs.system(d.spec(), d.state().currentStep()
                        + (comment == null ? "" : ": " + comment)).thenReturn(d))
                .doOnNext(d -> {
                    log.info("deployment {} ({}:{}) {}", id, d.spec().application(), d.spec().environment(),
                            d.state().currentStep());
                    if (complete.get()) {
                        starter.launch(id);
                    }
                });
    }

    /** After the last approval, the step still says so when the pre-deployment checklist is not done. */
    private Mono<Deployment> stillWaitingForChecklist(Deployment approved) {
        UUID id = approved.spec().id();
        return checklists.find(id).mapNotNull(ChecklistRules::waitReason)
                .flatMap(reason -> deployments.transition(id, null,
                        d -> d.waitFor(d.state().currentStep() + "; waiting for " + reason)))
                .defaultIfEmpty(approved);
    }

    /** Rejects a waiting deployment: it is cancelled with the reason. */
    public Mono<Deployment> reject(UUID id, TrustedIdentity who, String comment) {
        Mono<Deployment> work = waitingGate(id, who, false).flatMap(gate -> {
            Instant now = DeploymentService.now();
            return gates.vote(id, new ApprovalGate.Vote(who.subject(), ApprovalGate.Decision.REJECTED, comment, now))
                    .flatMap(counted -> counted ? Mono.just(gate) : Mono.error(alreadyVoted(id, who)))
                    .then(gates.close(id, ApprovalGate.Status.REJECTED, now))
                    .then(deployments.transition(id, null, d -> d.reject(who.subject(), comment, now)));
        });
        return tx.transactional(work)
                .flatMap(d -> logs.system(d.spec(), d.state().failureReason()).thenReturn(d))
                .doOnNext(d -> log.info("deployment {} ({}:{}) {}", id, d.spec().application(),
                        d.spec().environment(), d.state().failureReason()));
    }

    /** Cancels every deployment whose approvals did not come in time; emits how many. */
    public Mono<Long> expire() {
        Instant now = DeploymentService.now();
        return gates.expired(now)
                .concatMap(id -> tx.transactional(repository.lockById(id).flatMap(d -> d.status()
                                != DeploymentStatus.PENDING
                                // cancelled otherwise while it waited: only the gate is left to close
                                ? gates.close(id, ApprovalGate.Status.CANCELLED, now).then(Mono.<Deployment>empty())
                                : gates.close(id, ApprovalGate.Status.EXPIRED, now).then(gates.find(id))
                                        .flatMap(g -> deployments.transition(id, null, x -> x.cancel(EXPIRED_BY,
                                                "approval expired at " + g.request().expiresAt() + ": "
                                                        + g.approvals() + " of " + g.request().approvalsRequired()
                                                        + " approval(s) came in time", now)))))
                        .flatMap(d -> logs.system(d.spec(), d.state().failureReason()).thenReturn(d))
                        .doOnNext(d -> log.info("deployment {} ({}:{}) cancelled: {}", id, d.spec().application(),
                                d.spec().environment(), d.state().failureReason()))
                        .onErrorResume(e -> {
                            log.warn("expiring the approval of deployment {} failed: {}", id, e.toString());
                            return Mono.empty();
                        }))
                .count();
    }

    /** Locks the deployment and checks the caller may decide on its open gate. */
    private Mono<ApprovalGate> waitingGate(UUID id, TrustedIdentity who, boolean approving) {
        return repository.lockById(id)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("no deployment " + id)))
                .flatMap(d -> gates.find(id)
                        .switchIfEmpty(Mono.error(() -> ProblemException.conflict("deployment " + id
                                + " does not need approval", Map.of("deploymentId", id.toString()))))
                        .flatMap(g -> check(d, g, who, approving)));
    }

    private static Mono<ApprovalGate> check(Deployment d, ApprovalGate g, TrustedIdentity who, boolean approving) {
        if (g.status() != ApprovalGate.Status.WAITING || d.status() != DeploymentStatus.PENDING) {
            return Mono.error(ProblemException.conflict("deployment " + d.spec().id() + " is no longer waiting for"
                    + " approval (approval " + g.status().name().toLowerCase() + ", deployment " + d.status() + ")",
                    Map.of("deploymentId", d.spec().id().toString(), "deploymentStatus", d.status().name())));
        }
        if (!g.request().expiresAt().isAfter(Instant.now())) {
            return Mono.error(ProblemException.conflict("the approval of deployment " + d.spec().id()
                    + " expired at " + g.request().expiresAt(), Map.of("deploymentId", d.spec().id().toString())));
        }
        if (!who.hasRole(g.request().approverRole())) {
            return Mono.error(new ProblemException(ProblemType.FORBIDDEN, who.subject() + " lacks role "
                    + g.request().approverRole() + ", which approving this deployment needs"));
        }
        if (approving && d.spec().requestedBy().equals(who.subject())) {
            return Mono.error(new ProblemException(ProblemType.FORBIDDEN, who.subject() + " requested deployment "
                    + d.spec().id() + " and so cannot approve it (another approver must)"));
        }
        return Mono.just(g);
    }

    private static ProblemException alreadyVoted(UUID id, TrustedIdentity who) {
        return ProblemException.conflict(who.subject() + " already decided on deployment " + id
                + " (each approver counts once)", Map.of("deploymentId", id.toString()));
    }
}
