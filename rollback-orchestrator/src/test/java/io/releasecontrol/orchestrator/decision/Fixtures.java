package io.releasecontrol.orchestrator.decision;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.orchestrator.deployment.DeploymentState;
import io.releasecontrol.orchestrator.target.RollbackTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Object mother for decision inputs: a canary of shop 2.4.0 in production over 2.3.1. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final DeploymentId DEPLOYMENT = new DeploymentId(UUID.fromString("6f1c2a4e-8b3d-4c5e-9f60-1a2b3c4d5e6f"));
    static final Policy POLICY = new Policy(Duration.ofHours(1), 10, false, false, Duration.ofHours(1));

    private Fixtures() {
    }

    static Trigger breach(String version, String action, Double trafficPercent) {
        return Trigger.builder(Trigger.BREACH).application("shop").environment("production").version(version)
                .action(action).rule("error-rate").metric("errorRate").observed(0.12).threshold(0.05)
                .window(Duration.ofMinutes(5)).samples(6).statistic("ratio(errors/requests)")
                .trafficPercent(trafficPercent).requestedBy("rule error-rate").at(NOW).build();
    }

    /** A breach of a rule in dry-run mode that would have asked for {@code wouldAction}. */
    static Trigger dryRun(String wouldAction, Double trafficPercent) {
        return breach("2.4.0", Trigger.DRY_RUN, trafficPercent).toBuilder().dryRunAction(wouldAction).build();
    }

    static Trigger breach(Double trafficPercent) {
        return breach("2.4.0", "rollback", trafficPercent);
    }

    static DeploymentState canaryAt(int weight) {
        return new DeploymentState(DEPLOYMENT, "shop", "production", "2.4.0", "2.3.1", Strategy.CANARY, "RUNNING",
                weight, null, NOW.minusSeconds(300), null);
    }

    static DeploymentState finished(Strategy strategy, Duration ago) {
        return new DeploymentState(DEPLOYMENT, "shop", "production", "2.4.0", "2.3.1", strategy, "SUCCEEDED", 100,
                null, NOW.minus(ago).minusSeconds(60), NOW.minus(ago));
    }

    /** A blue-green deployment of 2.4.0 that finished and was then switched back to 2.3.1's colour. */
    static DeploymentState switchedBack(Duration ago) {
        return new DeploymentState(DEPLOYMENT, "shop", "production", "2.4.0", "2.3.1", Strategy.BLUE_GREEN,
                "SUCCEEDED", 0, null, NOW.minus(ago).minusSeconds(60), NOW.minus(ago));
    }

    static RollbackTarget target(String version) {
        return new RollbackTarget(version, false, List.of(), "version-service");
    }

    static RollbackTarget risky(String version) {
        return new RollbackTarget(version, true,
                List.of("2.4.0 ran irreversible migration M24_2 (postgres: split carts); going back to 2.3.1 cannot undo it"),
                "version-service");
    }
}
