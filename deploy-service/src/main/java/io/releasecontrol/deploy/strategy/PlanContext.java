package io.releasecontrol.deploy.strategy;

/**
 * What a planner needs besides the deployment.
 *
 * @param instances  instances of the application in the environment
 * @param batches    rolling: how many batches to replace them in
 * @param oldColour  blue-green: the colour serving now
 * @param newColour  blue-green: the idle colour the new version goes to
 * @param canary     the canary plan (null for other strategies)
 */
public record PlanContext(int instances, int batches, String oldColour, String newColour, CanaryPlan canary) {
}
