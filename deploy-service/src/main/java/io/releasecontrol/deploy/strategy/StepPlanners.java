package io.releasecontrol.deploy.strategy;

import io.releasecontrol.events.Strategy;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Dispatch only: the planner of a strategy. */
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
        return planner.plan(context);
    }
}
