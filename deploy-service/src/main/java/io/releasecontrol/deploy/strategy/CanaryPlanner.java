package io.releasecontrol.deploy.strategy;

import io.releasecontrol.events.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Canary: install the canary instances, then for each weight step shift traffic to it, check
 * health, and hold (a timed pause, or until promoted) before the next step. No pause after 100 %.
 * Behind a router the canary ends by promoting the new version to the stable servers: without it
 * the canary servers would keep all traffic and the next canary would have nowhere to go.
 */
@Component
class CanaryPlanner implements StepPlanner {

    @Override
    public Strategy strategy() {
        return Strategy.CANARY;
    }

    @Override
    public List<Step> plan(PlanContext context) {
        List<Integer> weights = context.canary() == null ? CanaryPlan.DEFAULT_STEPS : context.canary().steps();
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("deploy canary instances", Step.Kind.DEPLOY, 0, null));
        for (int i = 0; i < weights.size(); i++) {
            int w = weights.get(i);
            steps.add(new Step("canary " + w + "%", Step.Kind.SHIFT_TRAFFIC, 0, w));
            steps.add(new Step("health check at " + w + "%", Step.Kind.HEALTH_CHECK, 0, null));
            if (i < weights.size() - 1) {
                String hold = context.canary() == null || context.canary().manualPromotion()
                        ? "wait for promotion at " + w + "%" : "pause " + context.canary().pause() + " at " + w + "%";
                steps.add(new Step(hold, Step.Kind.PAUSE, 0, null));
            }
        }
        if (context.promote()) {
            steps.add(new Step(Step.PROMOTE_TO_STABLE, Step.Kind.PROMOTE, 0, 100));
        }
        // progress spread evenly over the steps, now that their number is known
        List<Step> spread = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            spread.add(new Step(s.name(), s.kind(), StepPlanner.progressAt(i, steps.size()), s.trafficAfter()));
        }
        return spread;
    }
}
