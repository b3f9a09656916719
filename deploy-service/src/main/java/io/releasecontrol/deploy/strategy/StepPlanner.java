package io.releasecontrol.deploy.strategy;

import io.releasecontrol.events.Strategy;
import java.util.List;

/** Turns a deployment into its ordered steps. Pure: no I/O, same input, same plan. */
interface StepPlanner {

    Strategy strategy();

    List<Step> plan(PlanContext context);

    /** Percent done after step {@code i} of {@code n}: evenly spread, the last one is 100. */
    static int progressAt(int i, int n) {
        return (int) Math.round((i + 1) * 100.0 / n);
    }
}
