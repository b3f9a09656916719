package io.releasecontrol.orchestrator.decision;

import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.orchestrator.deployment.DeploymentStates;
import io.releasecontrol.orchestrator.deployment.DeploymentStates.TargetFacts;
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
     * be asked where to roll back). One database read, then at most one lookup.
     */
    public Mono<Decision> decideUnlessRunning(Trigger trigger) {
        return deployments.facts(trigger.application(), trigger.environment())
                .flatMap(f -> f.sagaRunning() ? Mono.empty() : decide(trigger, f));
    }

    private Mono<Decision> decide(Trigger trigger, TargetFacts facts) {
        Policy policy = props.policy(trigger.application(), trigger.environment());
        DeploymentState latest = facts.latest();
        if (latest == null && !Trigger.MANUAL.equals(trigger.cause())) {
            return Mono.just(RollbackDecider.decide(trigger, null, null, policy, Instant.now()));
        }
        String from = trigger.version() != null ? trigger.version() : latest == null ? null : latest.version();
        return targets.lookup(trigger.application(), trigger.environment(), from, facts.rolledBack())
                .map(target -> RollbackDecider.decide(trigger, latest, target, policy, Instant.now()));
    }
}
