package io.releasecontrol.deploy.checklist;

import io.releasecontrol.deploy.checklist.EnvironmentChecklists.EnvironmentChecklist;
import io.releasecontrol.deploy.deployment.ApprovalGate;
import io.releasecontrol.deploy.deployment.ApprovalGateRepository;
import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.deployment.DeploymentStatus;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.deployment.StartCondition;
import io.releasecontrol.deploy.log.LogService;
import io.releasecontrol.deploy.versions.VersionLookup;
import io.releasecontrol.deploy.versions.VersionServiceClient;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Pre- and post-deployment checklists: copies the environment's checklist onto a new deployment
 * with its automatic items evaluated, records confirmations by named people, evaluates automatic
 * items again on request. A change that completes the pre-deployment checklist launches the
 * deployment after commit (the approval launch path: a lost launch is claimed again by the
 * scheduled-deployment starter after the lease).
 */
@Service
public class ChecklistService {

    private static final Logger log = LoggerFactory.getLogger(ChecklistService.class);

    private final EnvironmentChecklists policies;
    private final DeploymentRepository repository;
    private final DeploymentService deployments;
    private final ChecklistRepository items;
    private final ApprovalGateRepository gates;
    private final VersionServiceClient versions;
    private final DeploymentLauncher runner;
    private final LogService logs;
    private final TransactionalOperator tx;

    public ChecklistService(EnvironmentChecklists policies, DeploymentRepository repository,
            DeploymentService deployments, ChecklistRepository items, ApprovalGateRepository gates,
            VersionServiceClient versions, DeploymentLauncher runner, LogService logs, TransactionalOperator tx) {
        this.policies = policies;
        this.repository = repository;
        this.deployments = deployments;
        this.items = items;
        this.gates = gates;
        this.versions = versions;
        this.runner = runner;
        this.logs = logs;
        this.tx = tx;
    }

    /**
     * The checklist a new deployment gets, automatic items evaluated, as its creation writes it; none
     * when the environment has none, and for rollbacks and repairs (which must not wait) and saga
     * deployments.
     */
    public Mono<StartCondition> prepare(NewDeployment req) {
        if (req.sagaId() != null || req.rollbackOf() != null || req.repair()) {
            return Mono.just(StartCondition.NONE);
        }
        return policies.checklistOf(req.environment()).flatMap(p -> {
            Checklist c = p.checklist();
            if (c.isEmpty()) {
                return Mono.just(StartCondition.NONE);
            }
            List<ItemState> fresh = Stream.concat(c.pre().stream().map(i -> ItemState.open(ItemState.Phase.PRE, i)),
                    c.post().stream().map(i -> ItemState.open(ItemState.Phase.POST, i))).toList();
            return facts(req.application(), req.environment(), req.version(), p, fresh)
                    .map(f -> new PreparedChecklist(ChecklistRules.evaluate(fresh, f, DeploymentService.now()), items));
        });
    }

    /** A person confirms a manual item: a pre item of a PENDING deployment, or a post item after success. */
    public Mono<Deployment> confirm(UUID id, String itemId, TrustedIdentity who, String comment) {
        Instant now = DeploymentService.now();
        Mono<Change> work = locked(id).flatMap(d -> items.find(id).flatMap(list -> {
            ItemState item = list.stream().filter(i -> i.id().equals(itemId)).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("deployment " + id + " has no checklist item '"
                            + itemId + "'" + (list.isEmpty() ? " (it has no checklist)" : " (its items: "
                            + String.join(", ", list.stream().map(ItemState::id).toList()) + ")")));
            String refusal = ChecklistRules.refusal(d.status(), item);
            if (refusal != null) {
                throw ProblemException.conflict(refusal, Map.of("deploymentId", id.toString(), "item", itemId,
                        "deploymentStatus", d.status().name()));
            }
            ItemState done = item.confirmed(who.subject(), comment, now);
            List<ItemState> after = list.stream().map(i -> i.id().equals(itemId) ? done : i).toList();
            return items.update(id, done).then(item.phase() == ItemState.Phase.PRE ? showWaiting(d, after, now)
                    : Mono.just(d)).map(x -> new Change(x, after));
        }));
        return tx.transactional(work)
                .flatMap(c -> logs.system(c.deployment().spec(), "checklist item '" + itemId + "' confirmed by "
                        + who.subject() + (comment == null ? "" : ": " + comment)).thenReturn(c))
                .map(this::launchIfReady);
    }

    /** Evaluates the automatic pre-deployment items of a PENDING deployment again (version registered since?). */
    public Mono<Deployment> evaluate(UUID id, TrustedIdentity who) {
        return deployments.find(id).flatMap(d -> items.find(id).flatMap(list -> {
            requirePending(d, "evaluate its checklist");
            if (list.stream().noneMatch(i -> i.automatic() && i.phase() == ItemState.Phase.PRE)) {
                throw ProblemException.conflict("deployment " + id + " has no automatic checklist items",
                        Map.of("deploymentId", id.toString()));
            }
            // the facts are read outside the row lock: version-service may take its time
            return policies.checklistOf(d.spec().environment()).flatMap(p -> facts(d.spec().application(),
                    d.spec().environment(), d.spec().version(), p, list));
        })).flatMap(facts -> tx.transactional(locked(id).flatMap(d -> items.find(id).flatMap(list -> {
            requirePending(d, "evaluate its checklist");
            List<ItemState> after = ChecklistRules.evaluate(list, facts, DeploymentService.now());
            List<ItemState> automatic = after.stream().filter(i -> i.automatic() && i.phase() == ItemState.Phase.PRE)
                    .toList();
            return Flux.fromIterable(automatic).concatMap(i -> items.update(id, i))
                    .then(showWaiting(d, after, DeploymentService.now())).map(x -> new Change(x, after));
        })))).flatMap(c -> logs.system(c.deployment().spec(), "checklist evaluated again by " + who.subject() + ": "
                + summary(c.items())).thenReturn(c))
                .map(this::launchIfReady);
    }

    /** The items of a deployment (empty: it has no checklist). */
    public Mono<List<ItemState>> find(UUID id) {
        return items.find(id);
    }

    private Mono<Deployment> locked(UUID id) {
        return repository.lockById(id).switchIfEmpty(Mono.error(() -> ProblemException.notFound("no deployment "
                + id)));
    }

    private Mono<Deployment> showWaiting(Deployment d, List<ItemState> after, Instant now) {
        UUID id = d.spec().id();
        return gates.find(id).map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(g -> deployments.transition(id, null, x -> x.waitFor(ChecklistRules.pendingStep(
                        g.filter(gate -> gate.status() == ApprovalGate.Status.WAITING)
                                .map(ChecklistService::approvalStep).orElse(null),
                        after, x.spec().options().scheduledAt(), now))));
    }

    private static String approvalStep(ApprovalGate g) {
        return "waiting for approval: " + g.approvals() + "/" + g.request().approvalsRequired() + " by "
                + g.request().approverRole();
    }

    private Deployment launchIfReady(Change c) {
        Deployment d = c.deployment();
        if (d.status() == DeploymentStatus.PENDING && ChecklistRules.preComplete(c.items())) {
            log.info("deployment {} ({}:{}) pre-deployment checklist complete", d.spec().id(), d.spec().application(),
                    d.spec().environment());
            // left alone by the runner while approvals are missing or its time has not come
            runner.launch(d.spec().id());
        }
        return d;
    }

    private static void requirePending(Deployment d, String action) {
        if (d.status() != DeploymentStatus.PENDING) {
            throw ProblemException.conflict("deployment " + d.spec().id() + " is " + d.status() + ": too late to "
                    + action, Map.of("deploymentId", d.spec().id().toString(), "deploymentStatus", d.status().name()));
        }
    }

    /** Reads only what the automatic items need. */
    private Mono<CheckFacts> facts(String app, String env, String version, EnvironmentChecklist p,
            List<ItemState> list) {
        boolean needsVersion = list.stream().anyMatch(i -> i.check() == AutoCheck.VERSION_EXISTS
                || i.check() == AutoCheck.MIGRATIONS_DECLARED);
        boolean needsPreceding = p.requiredPreceding() != null
                && list.stream().anyMatch(i -> i.check() == AutoCheck.PREVIOUS_ENVIRONMENT_HEALTHY);
        Mono<Optional<VersionLookup>> lookup = needsVersion ? versions.lookup(app, version).map(Optional::of)
                : Mono.just(Optional.empty());
        Mono<Optional<Deployment>> last = repository.lastSucceeded(app, env).map(Optional::of)
                .defaultIfEmpty(Optional.empty());
        Mono<Optional<Deployment>> preceding = needsPreceding ? repository.lastFinished(app, p.requiredPreceding())
                .map(Optional::of).defaultIfEmpty(Optional.empty()) : Mono.just(Optional.empty());
        return Mono.zip(lookup, last, preceding).map(t -> new CheckFacts(app, env, version, t.getT1().orElse(null),
                t.getT2().orElse(null), p.requiredPreceding(), t.getT3().orElse(null)));
    }

    private static String summary(List<ItemState> list) {
        List<String> parts = new ArrayList<>();
        for (ItemState i : list) {
            if (i.automatic() && i.phase() == ItemState.Phase.PRE) {
                parts.add(i.id() + " " + i.status() + (i.detail() == null ? "" : " (" + i.detail() + ")"));
            }
        }
        return String.join("; ", parts);
    }

    private record Change(Deployment deployment, List<ItemState> items) {
    }
}
