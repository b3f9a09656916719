package io.releasecontrol.deploy.strategy;

import io.releasecontrol.events.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Rolling: the instances are replaced in N batches, with a health check after each batch; the new
 * version's share of traffic grows with the share of instances replaced.
 */
@Component
class RollingPlanner implements StepPlanner {

    @Override
    public Strategy strategy() {
        return Strategy.ROLLING;
    }

    @Override
    public List<Step> plan(PlanContext context) {
        int instances = Math.max(1, context.instances());
        int batches = Math.max(1, Math.min(context.batches(), instances));
        int n = batches * 2;
        List<Step> steps = new ArrayList<>(n);
        int done = 0;
        for (int b = 0; b < batches; b++) {
            // spread the remainder over the first batches: 5 instances in 2 batches = 3 + 2
            int size = instances / batches + (b < instances % batches ? 1 : 0);
            int from = done + 1;
            done += size;
            int traffic = (int) Math.round(done * 100.0 / instances);
            steps.add(new Step("batch " + (b + 1) + "/" + batches + " (instances " + from + "-" + done + ")",
                    Step.Kind.DEPLOY, StepPlanner.progressAt(2 * b, n), traffic));
            steps.add(new Step("health check after batch " + (b + 1), Step.Kind.HEALTH_CHECK,
                    StepPlanner.progressAt(2 * b + 1, n), null));
        }
        return steps;
    }
}
