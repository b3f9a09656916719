package io.releasecontrol.orchestrator.notify;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.saga.RollbackApprovalRequired;
import io.releasecontrol.events.saga.RollbackCompleted;
import io.releasecontrol.events.saga.RollbackFailed;
import io.releasecontrol.events.saga.RollbackSagaEvent;
import io.releasecontrol.events.saga.RollbackSagaStarted;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.orchestrator.OrchestratorProperties;
import io.releasecontrol.orchestrator.saga.SagaNotifications;
import io.releasecontrol.orchestrator.saga.SagaState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Queues a webhook notification for the saga events a person cares about (start, approval
 * needed, completion, failure) in the caller's transaction, so there is exactly one per state
 * change; {@link WebhookSender} delivers them apart, never holding up the saga.
 */
@Component
class Notifications implements SagaNotifications {

    private final DatabaseClient db;
    private final OrchestratorProperties props;

    Notifications(DatabaseClient db, OrchestratorProperties props) {
        this.db = db;
        this.props = props;
    }

    @Override
    public Mono<Void> enqueue(SagaState s, EventEnvelope<? extends RollbackSagaEvent> event) {
        return Mono.defer(() -> {
            String payload = payload(s, event);
            if (payload == null) {
                return Mono.empty();
            }
            return db.sql("""
                    INSERT INTO notifications (dedup_key, saga_id, environment, payload) VALUES (:key, :saga, :env, :payload)
                    ON CONFLICT (dedup_key) DO NOTHING""")
                    .bind("key", event.id()).bind("saga", s.id().value()).bind("env", s.environment())
                    .bind("payload", payload).then();
        });
    }

    @Override
    public String payload(SagaState s, EventEnvelope<? extends RollbackSagaEvent> event) {
        String text = text(s, event.data());
        if (text == null || props.environment(s.environment()).webhook() == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text);
        body.put("event", event.data().getClass().getSimpleName());
        body.put("sagaId", s.id().toString());
        body.put("application", s.application());
        body.put("environment", s.environment());
        body.put("status", s.status().name());
        body.put("branch", s.decision().branch().name());
        body.put("cause", s.cause());
        body.put("fromVersion", s.fromVersion());
        body.put("targetVersion", s.targetVersion());
        body.put("reasons", s.decision().reasonTexts());
        body.put("time", event.time());
        return EventCodec.mapper().writeValueAsString(body);
    }

    /** The Slack-compatible one-liner; null for events nobody is told about (step progress). */
    static String text(SagaState s, RollbackSagaEvent e) {
        String target = s.application() + " in " + s.environment();
        if (e instanceof RollbackSagaStarted st) {
            return ("ALERT_ONLY".equals(st.branch()) ? ":warning: Breach on " + target + ", no rollback: "
                    : ":rotating_light: Rollback started for " + target + " (" + st.branch() + ", " + st.cause() + ", "
                            + st.fromVersion() + " -> " + st.targetVersion() + "): ") + last(st.reasons());
        } else if (e instanceof RollbackApprovalRequired a) {
            return ":raised_hand: Rollback of " + target + " from " + a.fromVersion() + " to " + a.targetVersion()
                    + " waits for approval: " + String.join("; ", a.reasons()) + " (POST /api/v1/rollbacks/" + s.id()
                    + "/approve)";
        } else if (e instanceof RollbackCompleted c) {
            return "ALERT_ONLY".equals(c.branch()) ? null
                    : ":white_check_mark: Rollback of " + target + " completed: " + c.outcome();
        } else if (e instanceof RollbackFailed f) {
            return ":x: Rollback of " + target + " failed at " + f.failedStep() + ": " + f.reason();
        }
        return null;
    }

    private static String last(java.util.List<String> reasons) {
        return reasons.isEmpty() ? "" : reasons.get(reasons.size() - 1);
    }
}
