package io.releasecontrol.deploy.deployment;

import io.releasecontrol.deploy.strategy.CanaryPlan;
import io.releasecontrol.events.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Object mother: deployments of the unit tests, in any status. */
final class Deployments {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Deployments() {
    }

    static DeploymentSpec spec(Strategy strategy) {
        CanaryPlan canary = strategy == Strategy.CANARY ? new CanaryPlan(List.of(10, 50, 100), Duration.ofSeconds(30),
                null) : null;
        return NewDeployment.builder().application("shop").environment("prod").version("2.4.0").strategy(strategy)
                .executor("simulated").canary(canary).requestedBy("alice").build()
                .toSpec(UUID.fromString("6f1c2a4e-8b3d-4c5e-9f60-1a2b3c4d5e6f"), 7, T0);
    }

    static Deployment in(DeploymentStatus status, Strategy strategy) {
        var pending = DeploymentState.pending();
        var state = new DeploymentState(status, "2.3.1", 40, "step", 2, Traffic.toNew(10), null, false, null, null,
                status == DeploymentStatus.PENDING ? null : T0, status.isFinished() ? T0.plusSeconds(60) : null);
        return new Deployment(spec(strategy), status == DeploymentStatus.PENDING ? pending.withStatus(status) : state);
    }
}
