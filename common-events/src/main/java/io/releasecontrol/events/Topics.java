package io.releasecontrol.events;

import io.releasecontrol.events.alert.AlertEvent;
import io.releasecontrol.events.analysis.AnalysisEvent;
import io.releasecontrol.events.command.DeployCommand;
import io.releasecontrol.events.deployment.DeploymentEvent;
import io.releasecontrol.events.log.DeployLogEvent;
import io.releasecontrol.events.metric.MetricSampleEvent;
import io.releasecontrol.events.saga.RollbackSagaEvent;
import io.releasecontrol.events.version.VersionEvent;
import java.util.List;
import java.util.Optional;

/**
 * Topic names, settled here once. Each topic carries one sealed family of records and has a
 * dead-letter topic named {@code <topic>.dlt}. Constants are compile-time strings so they can be
 * used in listener annotations.
 */
public final class Topics {

    public static final String VERSIONS = "rc.versions";
    public static final String DEPLOYMENTS = "rc.deployments";
    public static final String DEPLOY_LOGS = "rc.deploy-logs";
    public static final String DEPLOY_COMMANDS = "rc.deploy-commands";
    public static final String METRIC_SAMPLES = "rc.metric-samples";
    public static final String ALERTS = "rc.alerts";
    public static final String ROLLBACK_SAGAS = "rc.rollback-sagas";
    /** analysis policy changes: the audit trail of per-application rules and step gates */
    public static final String ANALYSIS = "rc.analysis";

    public static final String DLT_SUFFIX = ".dlt";

    /** A topic, the sealed family of records it carries, and its dead-letter topic. */
    public record Spec(String name, Class<? extends RcEvent> family) {
        public String dlt() {
            return Topics.dlt(name);
        }
    }

    public static final List<Spec> ALL = List.of(
            new Spec(VERSIONS, VersionEvent.class),
            new Spec(DEPLOYMENTS, DeploymentEvent.class),
            new Spec(DEPLOY_LOGS, DeployLogEvent.class),
            new Spec(DEPLOY_COMMANDS, DeployCommand.class),
            new Spec(METRIC_SAMPLES, MetricSampleEvent.class),
            new Spec(ALERTS, AlertEvent.class),
            new Spec(ROLLBACK_SAGAS, RollbackSagaEvent.class),
            new Spec(ANALYSIS, AnalysisEvent.class));

    private Topics() {
    }

    public static String dlt(String topic) {
        return topic + DLT_SUFFIX;
    }

    public static Optional<Spec> spec(String topic) {
        return ALL.stream().filter(s -> s.name().equals(topic)).findFirst();
    }

    /** The topic that carries records of this class. */
    public static Spec topicOf(Class<? extends RcEvent> type) {
        return ALL.stream().filter(s -> s.family().isAssignableFrom(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type.getName() + " belongs to no topic family"));
    }
}
