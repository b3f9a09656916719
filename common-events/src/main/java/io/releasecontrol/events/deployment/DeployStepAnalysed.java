package io.releasecontrol.events.deployment;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventType;
import java.time.Instant;

/**
 * A deployment step's evidence gate decided: why did this step advance (or not)? Published when
 * the step passed, when it was held (paused) or failed for want of evidence after the policy's
 * longest wait, and when someone promoted past it.
 *
 * @param step           the gated step, e.g. {@code analysis at 10%} or {@code bake}
 * @param trafficPercent the new version's share of traffic at the step
 * @param verdict        {@code pass}, {@code held}, {@code failed} or {@code overridden}
 * @param reason         the gate's answer in words (for {@code overridden}, the reason given)
 * @param requests       the new version's requests since the step began, and {@code minRequests} the policy's minimum
 * @param samples        its samples since the step began, and {@code minSamples} the policy's minimum
 * @param baseline       the version it was compared with, if any
 * @param decidedBy      metrics-service's gate, or whoever promoted past it
 * @param sequence       the deployment's number within its target
 */
@EventType("io.releasecontrol.deployment.step-analysed.v1")
public record DeployStepAnalysed(
        DeploymentId deploymentId,
        String application,
        String environment,
        String version,
        String step,
        Integer trafficPercent,
        String verdict,
        String reason,
        Long requests,
        Long minRequests,
        Long samples,
        Long minSamples,
        String baseline,
        String decidedBy,
        Instant at,
        Long sequence) implements DeploymentEvent {
}
