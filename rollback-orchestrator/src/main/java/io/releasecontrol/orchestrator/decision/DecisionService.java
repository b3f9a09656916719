package io.releasecontrol.orchestrator.decision;

import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.orchestrator.deployment.DeploymentStates;
import io.releasecontrol.orchestrator.target.RollbackTargets;
import java.time.Instant;
import java.util.Optional;
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
        Policy policy = props.policy(trigger.application(), trigger.environment());
        return deployments.latest(trigger.application(), trigger.environment()).map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(latest -> {
                    if (latest.isEmpty() && !Trigger.MANUAL.equals(trigger.cause())) {
                        return Mono.just(RollbackDecider.decide(trigger, null, null, policy, Instant.now()));
                    }
                    String from = trigger.version() != null ? trigger.version() : latest.map(DeploymentState::version)
                            .orElse(null);
                    return targets.lookup(trigger.application(), trigger.environment(), from)
                            .map(target -> RollbackDecider.decide(trigger, latest.orElse(null), target, policy,
                                    Instant.now()));
                });
    }
}
