package io.releasecontrol.deploy.strategy;

import io.releasecontrol.events.Strategy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The planner of a strategy, and the evidence gates every plan gets when analysis is on. */
@Component
public class StepPlanners {

    private final Map<Strategy, StepPlanner> byStrategy = new EnumMap<>(Strategy.class);

    public StepPlanners(List<StepPlanner> planners) {
        planners.forEach(p -> byStrategy.put(p.strategy(), p));
    }

    public List<Step> plan(Strategy strategy, PlanContext context) {
        StepPlanner planner = byStrategy.get(strategy);
        if (planner == null) {
            throw new IllegalStateException("no planner for strategy " + strategy);
        }
        List<Step> plan = planner.plan(context);
        return context.analysis() ? gated(plan, strategy == Strategy.CANARY) : plan;
    }

    /**
     * The plan with its evidence gates: after each canary weight's health check below 100 % an
     * analysis (the next weight only with evidence), and a bake at the end of every strategy (a
     * no-op when the policy's bake is zero) — before a canary's promotion to the stable servers,
     * which comes only with the evidence. Progress is spread again over the longer plan.
     */
    static List<Step> gated(List<Step> plan, boolean canary) {
        List<Step> out = new ArrayList<>(plan.size() + 4);
        Integer weight = null;
        boolean baked = false;
        for (Step s : plan) {
            if (s.kind() == Step.Kind.PROMOTE) {
                out.add(new Step(Step.BAKE, Step.Kind.ANALYSIS, 0, null));
                baked = true;
            }
            out.add(s);
            if (s.trafficAfter() != null) {
                weight = s.trafficAfter();
            }
            if (canary && s.kind() == Step.Kind.HEALTH_CHECK && weight != null && weight > 0 && weight < 100) {
                out.add(new Step(Step.ANALYSIS_AT + weight + "%", Step.Kind.ANALYSIS, 0, null));
            }
        }
        if (!baked) {
            out.add(new Step(Step.BAKE, Step.Kind.ANALYSIS, 0, null));
        }
        List<Step> spread = new ArrayList<>(out.size());
        for (int i = 0; i < out.size(); i++) {
            Step s = out.get(i);
            spread.add(new Step(s.name(), s.kind(), StepPlanner.progressAt(i, out.size()), s.trafficAfter()));
        }
        return spread;
    }
}
