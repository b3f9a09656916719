package io.releasecontrol.version.it;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.events.Strategy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request bodies and deployment events, in one place. */
final class Fixtures {

    static final String SOURCE = "/release-control/deploy-service";

    private Fixtures() {
    }

    /** A unique application name per test, so tests sharing the database never see each other. */
    static String app(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Map<String, Object> application(String name) {
        return Map.of("name", name, "description", "the web shop", "owner", "team-shop");
    }

    static Map<String, Object> version(String version) {
        return Map.of("version", version, "name", "release " + version, "releaseDate", "2026-03-01",
                "changes", List.of(Map.of("type", "feature", "module", "checkout", "title", "One-click checkout",
                        "priority", "high", "impact", "major")),
                "migrations", List.of(Map.of("id", "V" + version.replace('.', '_'), "store", "postgresql",
                        "description", "add column", "reversible", true)));
    }

    static EventEnvelope<DeployRequested> requested(String app, String env, DeploymentId id, String version, long seq,
            DeploymentId rollbackOf) {
        return EventEnvelope.of(SOURCE, new DeployRequested(id, app, env, version, Strategy.ROLLING, "simulated", List.of(),
                "dan-deployer", rollbackOf, null, seq));
    }

    static EventEnvelope<DeploySucceeded> succeeded(String app, String env, DeploymentId id, String version,
            String previous, long seq, Instant at, DeploymentId rollbackOf) {
        return EventEnvelope.of(SOURCE, new DeploySucceeded(id, app, env, version, previous, rollbackOf, at,
                Duration.ofSeconds(42), seq));
    }

    static EventEnvelope<DeployCancelled> cancelled(String app, String env, DeploymentId id, String version, long seq,
            Instant at) {
        return EventEnvelope.of(SOURCE, new DeployCancelled(id, app, env, version, "rollback-orchestrator",
                "rollback saga: canary weight back to 0", at, seq));
    }

    /** A deployment requested and succeeded. */
    static List<EventEnvelope<?>> deployed(String app, String env, DeploymentId id, String version, String previous,
            long seq, Instant at) {
        return List.of(requested(app, env, id, version, seq, null), succeeded(app, env, id, version, previous, seq, at,
                null));
    }

    /** {@code newPercent} of the traffic on {@code version}, the rest on {@code stable}. */
    static EventEnvelope<TrafficShifted> shifted(String app, String env, DeploymentId id, String stable, String version,
            int newPercent, long seq) {
        return EventEnvelope.of(SOURCE, new TrafficShifted(id, app, env, stable, version, 100 - newPercent, newPercent,
                newPercent == 0 ? "rollback saga: switch back" : "switch traffic blue -> green", seq));
    }

    static EventEnvelope<DeployFailed> failed(String app, String env, DeploymentId id, String version, long seq,
            Instant at) {
        return EventEnvelope.of(SOURCE, new DeployFailed(id, app, env, version, "migrate", "migration V9 timed out", at, seq));
    }
}
