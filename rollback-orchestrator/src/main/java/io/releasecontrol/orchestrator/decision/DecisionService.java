package io.releasecontrol.orchestrator.decision;

import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.orchestrator.deployment.DeploymentState;
import io.releasecontrol.orchestrator.deployment.DeploymentStates;
import io.releasecontrol.orchestrator.deployment.DeploymentStates.TargetFacts;
import io.releasecontrol.orchestrator.target.RollbackTarget;
import io.releasecontrol.orchestrator.target.RollbackTargets;
import java.time.Instant;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Gathers the decision's inputs (the target's deployment state, the rollback target, the policy)
 * and asks the pure {@link RollbackDecider}. The rollback target is only looked up when a
 * deployment of the target is known: without one the breach is an alert whatever the target.
 */
@Service
public class DecisionService {

    private final DeploymentStates deployments;
    private final RollbackTargets targets;
    private final OrchestratorProperties props;

    DecisionService(DeploymentStates deployments, RollbackTargets targets, OrchestratorProperties props) {
        this.deployments = deployments;
        this.targets = targets;
        this.props = props;
    }

    public Mono<Decision> decide(Trigger trigger) {
        return deployments.facts(trigger.application(), trigger.environment()).flatMap(f -> decide(trigger, f));
    }

    /**
     * The decision, or empty when the target's saga runs (the trigger will join it and nobody need
     * be asked where to roll back). One database read and, when the trigger names its version, the
     * rollback-target query at the same time: the breach's latency is the slower of the two, not
     * their sum (the query's answer is dropped when the facts show it is not needed).
     */
    public Mono<Decision> decideUnlessRunning(Trigger trigger) {
        if (trigger.version() == null) {
            return deployments.facts(trigger.application(), trigger.environment())
                    .flatMap(f -> f.sagaRunning() ? Mono.empty() : decide(trigger, f));
        }
        return Mono.defer(() -> {
            Mono<RollbackTarget> early = targets.lookup(trigger.application(), trigger.environment(), trigger.version())
                    .cache();
            // started now; its outcome (never an error: the breaker falls back to the cache) reaches
            // the decision through cache(), so this subscriber ignores it
            early.subscribe(t -> { }, e -> { });
            return deployments.facts(trigger.application(), trigger.environment())
                    .flatMap(f -> f.sagaRunning() ? Mono.empty() : decide(trigger, f, early));
        });
    }

    private Mono<Decision> decide(Trigger trigger, TargetFacts facts) {
        // lazy: subscribed only when the decision needs a target
        return decide(trigger, facts, targets.lookup(trigger.application(), trigger.environment(),
                from(trigger, facts.latest())));
    }

    /** The version rolled back from: the trigger's, else the target's latest deployment's. */
    private static String from(Trigger trigger, DeploymentState latest) {
        return trigger.version() != null ? trigger.version() : latest == null ? null : latest.version();
    }

    /** @param target the rollback-target query's answer for the trigger's version (or the latest one) */
    private Mono<Decision> decide(Trigger trigger, TargetFacts facts, Mono<RollbackTarget> target) {
        Policy policy = props.policy(trigger.application(), trigger.environment());
        DeploymentState latest = facts.latest();
        if (latest == null && !Trigger.MANUAL.equals(trigger.cause())) {
            return Mono.just(RollbackDecider.decide(trigger, null, null, policy, Instant.now()));
        }
        String from = from(trigger, latest);
        return target.flatMap(t -> targets.excludingRolledBack(t, trigger.application(), trigger.environment(),
                        from, facts.rolledBack()))
                .map(t -> RollbackDecider.decide(trigger, latest, t, policy, Instant.now()));
    }
}
