package io.releasecontrol.deploy.strategy;

/**
 * What a planner needs besides the deployment.
 *
 * @param instances  instances of the application in the environment
 * @param batches    rolling: how many batches to replace them in
 * @param oldColour  blue-green: the colour serving now
 * @param newColour  blue-green: the idle colour the new version goes to
 * @param canary     the canary plan (null for other strategies)
 * @param analysis   steps are gated on evidence: analysis steps after a canary's weights, a bake at the end
 * @param promote    canary: a router has stable and canary servers for the target, so the canary ends by
 *                   promoting the new version to the stable servers (a {@code PROMOTE} step)
 */
public record PlanContext(int instances, int batches, String oldColour, String newColour, CanaryPlan canary,
        boolean analysis, boolean promote) {

    /** A context without a router's promotion. */
    public PlanContext(int instances, int batches, String oldColour, String newColour, CanaryPlan canary,
            boolean analysis) {
        this(instances, batches, oldColour, newColour, canary, analysis, false);
    }

    /** A context without evidence gates. */
    public PlanContext(int instances, int batches, String oldColour, String newColour, CanaryPlan canary) {
        this(instances, batches, oldColour, newColour, canary, false, false);
    }
}
