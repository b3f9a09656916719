package io.releasecontrol.deploy.strategy;

import io.releasecontrol.events.Strategy;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Blue-green: install the new version on the idle colour, check its health while it takes no
 * traffic, then switch all traffic 0 → 100 at once. The old colour keeps running, so switching
 * back is one traffic shift.
 */
@Component
public class BlueGreenPlanner implements StepPlanner {

    @Override
    public Strategy strategy() {
        return Strategy.BLUE_GREEN;
    }

    @Override
    public List<Step> plan(PlanContext context) {
        String idle = context.newColour();
        return List.of(
                new Step("deploy to " + idle, Step.Kind.DEPLOY, 40, null),
                new Step("health check " + idle, Step.Kind.HEALTH_CHECK, 70, null),
                new Step("switch traffic " + context.oldColour() + " -> " + idle, Step.Kind.SHIFT_TRAFFIC, 100, 100));
    }

    /** The colour that is idle when {@code live} serves: a first deployment goes to green. */
    public static String idleColour(String live) {
        return "green".equals(live) ? "blue" : "green";
    }
}
