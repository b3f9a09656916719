package io.releasecontrol.orchestrator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.SagaId;
import io.releasecontrol.events.saga.RollbackApprovalRequired;
import io.releasecontrol.events.saga.RollbackCompleted;
import io.releasecontrol.events.saga.RollbackFailed;
import io.releasecontrol.events.saga.RollbackSagaEvent;
import io.releasecontrol.events.saga.RollbackSagaStarted;
import io.releasecontrol.events.saga.RollbackStepCompleted;
import io.releasecontrol.orchestrator.decision.Branch;
import io.releasecontrol.orchestrator.decision.Decision;
import io.releasecontrol.orchestrator.decision.Reason;
import io.releasecontrol.orchestrator.saga.SagaMachine;
import io.releasecontrol.orchestrator.saga.SagaState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Slack-compatible text of each saga event: one line a person can act on, or none. */
class NotificationsTest {

    private static final SagaId SAGA = new SagaId(UUID.fromString("00000000-0000-0000-0000-0000000000aa"));
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    static Stream<Arguments> events() {
        return Stream.of(
                // a start says the branch, the versions and the last reason
                Arguments.of(new RollbackSagaStarted(SAGA, "shop", "production", "breach", "FULL_ROLLBACK", "2.4.0",
                        "2.3.1", 50, List.of("because", "impact 50 % >= 10 %: full rollback now")),
                        ":rotating_light: Rollback started for shop in production (FULL_ROLLBACK, breach, 2.4.0 -> 2.3.1):"
                                + " impact 50 % >= 10 %: full rollback now"),
                // an alert-only decision is a warning, not a rollback
                Arguments.of(new RollbackSagaStarted(SAGA, "shop", "production", "breach", "ALERT_ONLY", "2.4.0", null,
                        0, List.of("no deployment is known: alert only")),
                        ":warning: Breach on shop in production, no rollback: no deployment is known: alert only"),
                // approval needed names the reasons and where to approve
                Arguments.of(new RollbackApprovalRequired(SAGA, "shop", "production", "2.4.0", "2.3.1",
                        List.of("rolling back across 2.4.0: irreversible migration")),
                        ":raised_hand: Rollback of shop in production from 2.4.0 to 2.3.1 waits for approval: rolling back"
                                + " across 2.4.0: irreversible migration (POST /api/v1/rollbacks/" + SAGA + "/approve)"),
                Arguments.of(new RollbackCompleted(SAGA, "shop", "production", "2.4.0", "2.3.1", "FULL_ROLLBACK",
                        "rolled back from 2.4.0 to 2.3.1", T0),
                        ":white_check_mark: Rollback of shop in production completed: rolled back from 2.4.0 to 2.3.1"),
                // the end of an alert-only decision was announced by its start already
                Arguments.of(new RollbackCompleted(SAGA, "shop", "production", "2.4.0", null, "ALERT_ONLY", "alert", T0),
                        null),
                Arguments.of(new RollbackFailed(SAGA, "shop", "production", "full-rollback", "3 attempts failed", T0),
                        ":x: Rollback of shop in production failed at full-rollback: 3 attempts failed"),
                // step progress is no news for a person: one notification per state change
                Arguments.of(new RollbackStepCompleted(SAGA, "shop", "production", "observe", "succeeded", "ok", T0),
                        null));
    }

    @ParameterizedTest
    @MethodSource("events")
    void textFor(RollbackSagaEvent event, String expected) {
        assertThat(Notifications.text(state(), event)).isEqualTo(expected);
    }

    private static SagaState state() {
        Decision d = new Decision(Branch.FULL_ROLLBACK, null, 50.0, "error-rate", "errorRate", 0.12, 0.05,
                Duration.ofMinutes(5), 6, "ratio", List.of(new Reason.Text("because")), "2.4.0", "2.3.1", null, false,
                false);
        return new SagaMachine(Duration.ofMinutes(15), Duration.ofMinutes(2), 3)
                .start(SAGA, "shop", "production", "breach", d, "rule error-rate", T0).state();
    }
}
