package io.releasecontrol.orchestrator.it;

import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.SagaId;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.alert.DataCorruptionReported;
import io.releasecontrol.events.alert.ErrorRateBreached;
import io.releasecontrol.events.alert.Evidence;
import io.releasecontrol.events.alert.MetricsRecovered;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.MaintenanceModeChanged;
import io.releasecontrol.events.deployment.TrafficShifted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One target (application in an environment) and the events the other services would publish
 * about it: the object mother of the integration tests. The test plays deploy-service and
 * metrics-service; the orchestrator under test is real.
 */
final class Target {

    static final String SOURCE = "/release-control/test";

    final String application;
    final String environment;
    private long sequence;

    Target(String prefix, String environment) {
        this.application = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.environment = environment;
    }

    String key() {
        return application + ":" + environment;
    }

    /** A rolling deployment that ran to success (a good version). */
    List<EventEnvelope<?>> deployed(DeploymentId id, String version, String previous) {
        return deployed(id, version, previous, Strategy.ROLLING);
    }

    /** A deployment that ran to success; blue-green switches all traffic to the new colour on the way. */
    List<EventEnvelope<?>> deployed(DeploymentId id, String version, String previous, Strategy strategy) {
        long seq = ++sequence;
        Instant now = Instant.now();
        List<EventEnvelope<?>> events = new ArrayList<>(List.of(
                of(new DeployRequested(id, application, environment, version, strategy, "simulated", List.of(),
                        "alice", null, null, seq)),
                of(new DeployStarted(id, application, environment, version, previous, strategy, now, seq))));
        if (strategy == Strategy.BLUE_GREEN) {
            events.add(shifted(id, previous, version, 100));
        }
        events.add(of(new DeploySucceeded(id, application, environment, version, previous, null, now,
                Duration.ofSeconds(30), seq)));
        return events;
    }

    /** A deployment still running; a canary with {@code percent} of the traffic on the new version. */
    List<EventEnvelope<?>> running(DeploymentId id, String version, String previous, Strategy strategy, int percent) {
        long seq = ++sequence;
        List<EventEnvelope<?>> events = new ArrayList<>(List.of(
                of(new DeployRequested(id, application, environment, version, strategy, "simulated",
                        strategy == Strategy.CANARY ? List.of(percent, 50, 100) : List.of(), "alice", null, null, seq)),
                of(new DeployStarted(id, application, environment, version, previous, strategy, Instant.now(), seq))));
        if (strategy == Strategy.CANARY) {
            events.add(shifted(id, previous, version, percent));
        }
        return events;
    }

    EventEnvelope<?> shifted(DeploymentId id, String stable, String version, int newPercent) {
        return of(new TrafficShifted(id, application, environment, stable, version, 100 - newPercent, newPercent,
                "test", sequence));
    }

    /** deploy-service carrying out the saga's StartDeployment: requested, started, succeeded. */
    List<EventEnvelope<?>> rollbackRan(DeploymentId id, String version, String from, DeploymentId rollbackOf,
            SagaId saga) {
        long seq = ++sequence;
        Instant now = Instant.now();
        return List.of(
                of(new DeployRequested(id, application, environment, version, Strategy.ROLLING, "simulated", List.of(),
                        "rollback-orchestrator", rollbackOf, saga, seq)),
                of(new DeployStarted(id, application, environment, version, from, Strategy.ROLLING, now, seq)),
                of(new DeploySucceeded(id, application, environment, version, from, rollbackOf, now,
                        Duration.ofSeconds(10), seq)));
    }

    EventEnvelope<?> cancelled(DeploymentId id, String version) {
        return of(new DeployCancelled(id, application, environment, version, "rollback-saga", "rolled back",
                Instant.now(), sequence));
    }

    EventEnvelope<?> maintenance(boolean enabled) {
        return of(new MaintenanceModeChanged(application, environment, enabled, "test", "deploy-command"));
    }

    /** Error rate of {@code version} over 5 %; {@code trafficPercent} is its share (null: unknown). */
    EventEnvelope<?> breach(String version, Double trafficPercent) {
        Instant now = Instant.now();
        return of(new ErrorRateBreached(application, environment, version, "rollback", "critical",
                new Evidence("error-rate", "errorRate", 0.12, 0.05, Duration.ofMinutes(5), 6, "ratio(errors/requests)",
                        trafficPercent, now.minusSeconds(300), now, null, null), now));
    }

    /** A breach of a rule in dry-run mode that would have asked for a rollback. */
    EventEnvelope<?> dryRunBreach(String version) {
        Instant now = Instant.now();
        return of(new ErrorRateBreached(application, environment, version, "dry-run", "critical",
                new Evidence("error-rate-2pct", "errorRate", 0.12, 0.02, Duration.ofMinutes(1), 6, "sequential", 100.0,
                        now.minusSeconds(60), now, null, null, null, null, null, null, null, "application "
                        + application, "rollback"), now));
    }

    EventEnvelope<?> recovered(String version) {
        Instant now = Instant.now();
        return of(new MetricsRecovered(application, environment, version, new Evidence("error-rate", "errorRate",
                0.01, 0.05, Duration.ofMinutes(5), 6, "ratio(errors/requests)", null, now.minusSeconds(300), now,
                null, null), now));
    }

    EventEnvelope<?> corruption(String version) {
        return of(new DataCorruptionReported(application, environment, version, "bob", "orders lost their totals",
                Instant.now()));
    }

    static <T extends RcEvent> EventEnvelope<T> of(T data) {
        return EventEnvelope.of(SOURCE, data);
    }
}
