package io.releasecontrol.metrics.evaluation;

import java.util.List;

/**
 * Which rules evaluate a target: the global rules as they are, or merged with the target's
 * analysis policies. Implementations are immutable snapshots; the engine caches each target's
 * answer until it is given another resolver or other global rules.
 */
@FunctionalInterface
public interface RuleResolver {

    RuleResolver GLOBAL_ONLY = (global, application, environment) -> EffectiveRules.global(global);

    EffectiveRules resolve(List<Rule> global, String application, String environment);
}
