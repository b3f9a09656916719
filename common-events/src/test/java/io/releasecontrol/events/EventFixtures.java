package io.releasecontrol.events;

import io.releasecontrol.events.alert.CustomMetricBreached;
import io.releasecontrol.events.alert.DataCorruptionReported;
import io.releasecontrol.events.alert.ErrorRateBreached;
import io.releasecontrol.events.alert.Evidence;
import io.releasecontrol.events.alert.Http5xxBreached;
import io.releasecontrol.events.alert.LatencyBreached;
import io.releasecontrol.events.alert.MetricsRecovered;
import io.releasecontrol.events.alert.ResourceBreached;
import io.releasecontrol.events.analysis.AnalysisPolicyChanged;
import io.releasecontrol.events.analysis.MetricRuleChanged;
import io.releasecontrol.events.command.CancelDeployment;
import io.releasecontrol.events.command.SetMaintenanceMode;
import io.releasecontrol.events.command.ShiftTraffic;
import io.releasecontrol.events.command.StartDeployment;
import io.releasecontrol.events.deployment.DeployApprovalRequested;
import io.releasecontrol.events.deployment.DeployApproved;
import io.releasecontrol.events.deployment.DeployCancelled;
import io.releasecontrol.events.deployment.DeployFailed;
import io.releasecontrol.events.deployment.DeployProgressed;
import io.releasecontrol.events.deployment.DeployRejected;
import io.releasecontrol.events.deployment.DeployStepAnalysed;
import io.releasecontrol.events.deployment.DeployRequested;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.MaintenanceModeChanged;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.events.log.DeployLogLine;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.events.saga.RollbackApprovalRequired;
import io.releasecontrol.events.saga.RollbackCompleted;
import io.releasecontrol.events.saga.RollbackFailed;
import io.releasecontrol.events.saga.RollbackSagaStarted;
import io.releasecontrol.events.saga.RollbackStepCompleted;
import io.releasecontrol.events.version.CurrentVersionChanged;
import io.releasecontrol.events.version.DriftDetected;
import io.releasecontrol.events.version.FeatureChangeAdded;
import io.releasecontrol.events.version.VersionCreated;
import io.releasecontrol.events.version.VersionReleased;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Object mother: one fully populated, fixed example of every registered event and command type,
 * and a fixed envelope for each. The golden files and docs/events.md are rendered from these, so
 * every value here is part of the pinned wire format.
 */
public final class EventFixtures {

    public static final String APP = "shop";
    public static final String ENV = "prod";
    public static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");
    public static final DeploymentId DEPLOYMENT_ID = DeploymentId.of("6f1c2a4e-8b3d-4c5e-9f60-1a2b3c4d5e6f");
    public static final DeploymentId PREVIOUS_DEPLOYMENT_ID = DeploymentId.of("0e9d8c7b-6a59-4483-a726-15f4e3d2c1b0");
    public static final SagaId SAGA_ID = SagaId.of("b7e2c9d4-3f1a-4e6b-8c2d-5a4f3e2d1c0b");

    public static final String CORRELATION_ID = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
    public static final String CAUSATION_ID = "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b";
    public static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static final Evidence ERROR_RATE = new Evidence("error-rate-5pct", "errorRate", 0.082, 0.05,
            Duration.ofMinutes(5), 30, "ratio(errors/requests)", 100.0, AT.minusSeconds(300), AT, null, null);

    private static final List<RcEvent> EVENTS = List.of(
            // rc.versions
            new VersionCreated(APP, "2.4.0", "Spring sale", LocalDate.of(2026, 3, 1), true, true, 12),
            new VersionReleased(APP, "2.4.0", AT),
            new CurrentVersionChanged(APP, ENV, "2.3.1", "2.4.0", "success", "deployment succeeded", "deploy-service",
                    DEPLOYMENT_ID),
            new FeatureChangeAdded(APP, "2.4.0", "feature", "checkout", "One-click checkout", "high", "major"),
            new DriftDetected(APP, ENV, "2.4.0", "2.3.1", "metrics", AT),
            // rc.deployments
            new DeployRequested(DEPLOYMENT_ID, APP, ENV, "2.3.1", Strategy.CANARY, "kubernetes", List.of(10, 50, 100),
                    "rollback-orchestrator", PREVIOUS_DEPLOYMENT_ID, SAGA_ID, 7L, AT.plusSeconds(3600), true),
            new DeployStarted(DEPLOYMENT_ID, APP, ENV, "2.4.0", "2.3.1", Strategy.CANARY, AT, 7L),
            new DeployProgressed(DEPLOYMENT_ID, APP, ENV, "2.4.0", 40, "shift-traffic", 7L),
            new TrafficShifted(DEPLOYMENT_ID, APP, ENV, "2.3.1", "2.4.0", 90, 10, "canary step 1 of 3", 7L),
            new DeploySucceeded(DEPLOYMENT_ID, APP, ENV, "2.4.0", "2.3.1", PREVIOUS_DEPLOYMENT_ID, AT,
                    Duration.ofMinutes(7).plusSeconds(12), 7L),
            new DeployFailed(DEPLOYMENT_ID, APP, ENV, "2.4.0", "health-check",
                    "readiness probe failed on 3 of 4 instances", AT, 7L),
            new DeployCancelled(DEPLOYMENT_ID, APP, ENV, "2.4.0", "alice", "wrong version picked", AT, 7L),
            new MaintenanceModeChanged(APP, ENV, true, "data corruption reported", "rollback-orchestrator"),
            new DeployApprovalRequested(DEPLOYMENT_ID, APP, ENV, "2.4.1", "alice", 1,
                    "hotfix in freeze window 'year-end' needs 1 admin approval", "year-end", AT.plusSeconds(86400), 8L),
            new DeployApproved(DEPLOYMENT_ID, APP, ENV, "2.4.1", "root", "checked the rollback plan", 1, 1, 8L),
            new DeployRejected(DEPLOYMENT_ID, APP, ENV, "2.4.1", "root", "no backup taken yet", 8L),
            new DeployStepAnalysed(DEPLOYMENT_ID, APP, ENV, "2.4.0", "analysis at 10%", 10, "pass",
                    "passed: 4,210 requests in 42 samples at 9.8 %; every rule passes (baseline 2.3.1)", 4210L, 1000L,
                    42L, 30L, "2.3.1", "metrics-service", AT, 7L),
            // rc.deploy-logs: a fractional-second instant, to pin how those are written
            new DeployLogLine(DEPLOYMENT_ID, APP, ENV, 42, "stdout", "pulled image shop:2.4.0",
                    Instant.parse("2026-03-01T10:15:31.250Z")),
            // rc.deploy-commands
            new StartDeployment("req-7f3a", APP, ENV, "2.3.1", Strategy.ROLLING, "error rate 8.2% > 5%",
                    "rollback-orchestrator", DEPLOYMENT_ID, SAGA_ID),
            new ShiftTraffic("req-8b4c", DEPLOYMENT_ID, APP, ENV, 0, "latency breached", SAGA_ID),
            new SetMaintenanceMode("req-9c5d", APP, ENV, true, "data corruption reported", SAGA_ID),
            new CancelDeployment("req-0d6e", DEPLOYMENT_ID, APP, ENV, "rollback started", SAGA_ID),
            // rc.metric-samples
            new MetricSampleRecorded(APP, ENV, "2.4.0", "shop-7d9f-abcde", AT, 1200L, 98L, 12L, 340.5, 0.72, 0.64,
                    350L, java.util.Map.of("checkout_total", 240.0)),
            // rc.alerts
            new ErrorRateBreached(APP, ENV, "2.4.0", "rollback", "critical", ERROR_RATE, AT),
            new LatencyBreached(APP, ENV, "2.4.0", "alert", "warning", new Evidence("latency-p95-800ms",
                    "latencyP95Ms", 1250.0, 800.0, Duration.ofMinutes(5), 30, "canary vs baseline: mann-whitney", 10.0, AT.minusSeconds(300), AT,
                    0.0031, 1.9), AT),
            new Http5xxBreached(APP, ENV, "2.4.0", "rollback", "critical", new Evidence("http5xx-10pm",
                    "http5xxPerMinute", 24.0, 10.0, Duration.ofMinutes(3), 18, "3 of 3 consecutive", 100.0, AT.minusSeconds(180), AT, null, null),
                    AT),
            new ResourceBreached(APP, ENV, "2.4.0", "memory", "alert", "warning", new Evidence("memory-90pct",
                    "memory", 0.93, 0.9, Duration.ofMinutes(10), 60, "max", null, AT.minusSeconds(600), AT, null, null), AT),
            new CustomMetricBreached(APP, ENV, "2.4.0", "checkout_failure", "rollback", "critical", new Evidence(
                    "checkout-failures-5pct", "checkout_failure", 0.12, 0.05, Duration.ofMinutes(1), 24,
                    "sequential-vs-baseline: log-likelihood ratio 18.2 (alarm at 17.5)", 10.0, AT.minusSeconds(60), AT,
                    null, null), AT),
            new MetricsRecovered(APP, ENV, "2.4.0", new Evidence("error-rate-5pct", "errorRate", 0.012, 0.05,
                    Duration.ofMinutes(5), 30, "ratio(errors/requests)", 100.0, AT.minusSeconds(300), AT, null, null),
                    AT),
            new DataCorruptionReported(APP, ENV, "2.4.0", "bob", "orders written without customer id", AT),
            // rc.rollback-sagas
            new RollbackSagaStarted(SAGA_ID, APP, ENV, "breach", "FULL_ROLLBACK", "2.4.0", "2.3.1", 100.0,
                    List.of("error rate 8.2% > 5% over 5m (30 samples)", "version 2.3.1 is healthy")),
            new RollbackStepCompleted(SAGA_ID, APP, ENV, "start-deployment", "succeeded",
                    "deployment " + DEPLOYMENT_ID + " requested", AT),
            new RollbackApprovalRequired(SAGA_ID, APP, ENV, "2.4.0", "2.3.1",
                    List.of("2.4.0 has an irreversible migration")),
            new RollbackCompleted(SAGA_ID, APP, ENV, "2.4.0", "2.3.1", "FULL_ROLLBACK", "rolled back fully", AT),
            new RollbackFailed(SAGA_ID, APP, ENV, "start-deployment", "deploy-service rejected the command", AT),
            // rc.analysis
            new AnalysisPolicyChanged(APP, ENV, "alice", AnalysisPolicyChanged.REPLACED, List.of(
                    new AnalysisPolicyChanged.PolicyRule("error-rate-2pct", "dry-run", true),
                    new AnalysisPolicyChanged.PolicyRule("cpu-70pct", "enforce", false)),
                    new AnalysisPolicyChanged.Gate(5_000L, 60, Duration.ofMinutes(15), "fail", Duration.ofMinutes(2)),
                    AT),
            new MetricRuleChanged("error-rate-5pct", "alice", MetricRuleChanged.REPLACED, new MetricRuleChanged.Rule(
                    "errorRate", ">", 0.05, Duration.ofMinutes(5), "rollback", "enforce", true), AT));

    private static final Map<String, RcEvent> BY_TYPE = byType();

    private EventFixtures() {
    }

    /** Every fixture event by its CloudEvents type, in declaration order. */
    public static Map<String, RcEvent> all() {
        return BY_TYPE;
    }

    public static Stream<String> types() {
        return BY_TYPE.keySet().stream();
    }

    /** The types of the fixtures of one family (a topic's sealed interface), in declaration order. */
    public static Stream<String> typesOf(Class<? extends RcEvent> family) {
        return types().filter(type -> family.isInstance(event(type)));
    }

    /** The classes of one family's fixtures: a dispatch test checks them against the family's permitted members. */
    public static List<Class<?>> classesOf(Class<? extends RcEvent> family) {
        return typesOf(family).<Class<?>>map(type -> event(type).getClass()).toList();
    }

    /** A dispatch test's first check: the family's fixtures are exactly its permitted leaves, so a new member needs one. */
    public static void assertFixtureForEveryLeaf(Class<? extends RcEvent> family) {
        org.assertj.core.api.Assertions.assertThat(classesOf(family)).as("fixtures of %s", family.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(SealedFamilies.leaves(family));
    }

    /** The fixture of {@code type} as a listener receives it from {@code topic}. */
    public static org.apache.kafka.clients.consumer.ConsumerRecord<String, EventEnvelope<RcEvent>> record(String topic,
            String type) {
        EventEnvelope<RcEvent> envelope = envelope(type);
        return new org.apache.kafka.clients.consumer.ConsumerRecord<>(topic, 0, 0L, envelope.subject(), envelope);
    }

    public static RcEvent event(String type) {
        RcEvent event = BY_TYPE.get(type);
        if (event == null) {
            throw new IllegalArgumentException("no fixture for " + type);
        }
        return event;
    }

    /** The fixed envelope of the fixture of {@code type}: every attribute set, the id derived from the type. */
    public static EventEnvelope<RcEvent> envelope(String type) {
        RcEvent data = event(type);
        String id = UUID.nameUUIDFromBytes(type.getBytes(StandardCharsets.UTF_8)).toString();
        return new EventEnvelope<>(EventEnvelope.SPEC_VERSION, id, source(data), type, AT, data.key(),
                EventEnvelope.JSON, CORRELATION_ID, CAUSATION_ID, TRACEPARENT, data);
    }

    /** The service that produces records of this kind. */
    private static String source(RcEvent data) {
        String service = switch (Topics.topicOf(data.getClass()).name()) {
            case Topics.VERSIONS -> "version-service";
            case Topics.DEPLOYMENTS, Topics.DEPLOY_LOGS -> "deploy-service";
            case Topics.DEPLOY_COMMANDS, Topics.ROLLBACK_SAGAS -> "rollback-orchestrator";
            case Topics.METRIC_SAMPLES -> "metrics-agent";
            case Topics.ALERTS, Topics.ANALYSIS -> "metrics-service";
            default -> throw new IllegalStateException("no source for " + data.getClass());
        };
        return "/release-control/" + service;
    }

    private static Map<String, RcEvent> byType() {
        Map<String, RcEvent> byType = new LinkedHashMap<>();
        for (RcEvent event : EVENTS) {
            if (byType.put(event.type(), event) != null) {
                throw new IllegalStateException("two fixtures for " + event.type());
            }
        }
        return byType;
    }
}
