package io.releasecontrol.deploy.strategy;

import java.time.Duration;
import java.util.List;

/**
 * A canary's weighted steps (strictly increasing, ending at 100) and what happens between them.
 *
 * @param pause how long to hold each step before the next; null = wait for a manual promote
 */
public record CanaryPlan(List<Integer> steps, Duration pause, RoutingConfig routing) {

    public static final List<Integer> DEFAULT_STEPS = List.of(10, 50, 100);

    public CanaryPlan {
        steps = List.copyOf(steps);
        routing = routing == null ? RoutingConfig.DEFAULT : routing;
    }

    public boolean manualPromotion() {
        return pause == null;
    }

    /** Why the steps are not usable, or null when they are. */
    public static String problemWith(List<Integer> steps) {
        if (steps == null || steps.isEmpty()) {
            return "must list at least one step";
        }
        int previous = 0;
        for (Integer step : steps) {
            if (step == null || step < 1 || step > 100) {
                return "each step must be a percentage 1..100, got " + step;
            }
            if (step <= previous) {
                return "steps must be strictly increasing, got " + steps;
            }
            previous = step;
        }
        return previous == 100 ? null : "the last step must be 100, got " + previous;
    }
}
