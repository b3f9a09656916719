package io.releasecontrol.metrics.alert;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.alert.AlertEvent;
import io.releasecontrol.events.alert.CustomMetricBreached;
import io.releasecontrol.events.alert.ErrorRateBreached;
import io.releasecontrol.events.alert.Http5xxBreached;
import io.releasecontrol.events.alert.LatencyBreached;
import io.releasecontrol.events.alert.MetricsRecovered;
import io.releasecontrol.events.alert.ResourceBreached;
import io.releasecontrol.metrics.evaluation.RuleTransition;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Turns rule transitions into alert events in their envelopes. The event id is a name-based UUID
 * of (kind, target, version, rule, time the breach opened): the same breach always gets the same
 * id, so a re-evaluation after a redelivery or restart is a duplicate consumers drop by id.
 */
public final class AlertEvents {

    public static final String SOURCE = "/release-control/metrics-service";

    private AlertEvents() {
    }

    public static AlertEvent toEvent(RuleTransition t) {
        var e = t.evidence();
        String action = t.actionOnTheWire();
        String severity = t.rule().severity();
        var at = t.at().truncatedTo(ChronoUnit.MILLIS);
        if (t.kind() == RuleTransition.Kind.RECOVERED) {
            return new MetricsRecovered(t.application(), t.environment(), t.version(), e, at);
        }
        return switch (t.rule().metric()) {
            case ERROR_RATE -> new ErrorRateBreached(t.application(), t.environment(), t.version(), action, severity, e, at);
            case HTTP_5XX_PER_MINUTE -> new Http5xxBreached(t.application(), t.environment(), t.version(), action,
                    severity, e, at);
            case LATENCY_P95_MS -> new LatencyBreached(t.application(), t.environment(), t.version(), action, severity,
                    e, at);
            case CPU, MEMORY -> new ResourceBreached(t.application(), t.environment(), t.version(),
                    t.rule().metric().wireName(), action, severity, e, at);
            case CUSTOM_RATIO, CUSTOM_COUNTER, CUSTOM_GAUGE -> new CustomMetricBreached(t.application(), t.environment(), t.version(),
                    t.rule().metricName(), action, severity, e, at);
        };
    }

    public static String eventId(RuleTransition t) {
        String name = String.join("|", t.kind().name(), t.application(), t.environment(), t.version(), t.rule().id(),
                t.breachOpenedAt().toString());
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code causationId}: the id of the sample event (or request) that completed the verdict, if any. */
    public static EventEnvelope<AlertEvent> envelope(RuleTransition t, String causationId, String traceparent) {
        AlertEvent event = toEvent(t);
        String id = eventId(t);
        // a breach and its recovery share a correlation: the breach's id
        String correlation = t.kind() == RuleTransition.Kind.BREACHED ? id : UUID.nameUUIDFromBytes(String.join("|",
                "BREACHED", t.application(), t.environment(), t.version(), t.rule().id(), t.breachOpenedAt().toString())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new EventEnvelope<>(EventEnvelope.SPEC_VERSION, id, SOURCE, event.type(),
                t.at().truncatedTo(ChronoUnit.MILLIS), event.key(), EventEnvelope.JSON, correlation, causationId,
                traceparent, event);
    }
}
