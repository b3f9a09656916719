package io.releasecontrol.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeploySucceeded;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class EventEnvelopeTest {

    private static final RcEvent STARTED = EventFixtures.event(EventTypes.typeOf(DeployStarted.class));
    private static final RcEvent SUCCEEDED = EventFixtures.event(EventTypes.typeOf(DeploySucceeded.class));

    @Test
    void newEventStartsItsOwnCorrelation() {
        EventEnvelope<RcEvent> envelope = EventEnvelope.of("/release-control/deploy-service", STARTED);

        assertThat(envelope.specversion()).isEqualTo("1.0");
        assertThat(envelope.type()).isEqualTo("io.releasecontrol.deployment.started.v1");
        assertThat(envelope.subject()).isEqualTo("shop:prod").isEqualTo(envelope.key());
        assertThat(envelope.datacontenttype()).isEqualTo("application/json");
        assertThat(envelope.correlationid()).isEqualTo(envelope.id());
        assertThat(envelope.causationid()).isNull();
        assertThat(envelope.time()).isEqualTo(envelope.time().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void causedEventKeepsCorrelationAndTraceAndPointsAtItsCause() {
        EventEnvelope<RcEvent> cause = EventFixtures.envelope(STARTED.type());
        EventEnvelope<RcEvent> effect = EventEnvelope.causedBy(cause, "/release-control/deploy-service", SUCCEEDED);

        assertThat(effect.id()).isNotEqualTo(cause.id());
        assertThat(effect.correlationid()).isEqualTo(EventFixtures.CORRELATION_ID);
        assertThat(effect.causationid()).isEqualTo(cause.id());
        assertThat(effect.traceparent()).isEqualTo(EventFixtures.TRACEPARENT);
    }

    @Test
    void rejectsTypeThatDoesNotMatchData() {
        assertThatThrownBy(() -> new EventEnvelope<>("1.0", "id-1", "/src", "io.releasecontrol.deployment.failed.v1",
                EventFixtures.AT, "shop:prod", "application/json", null, null, null, STARTED))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("type 'io.releasecontrol.deployment.failed.v1' does not match data DeployStarted"
                        + " (io.releasecontrol.deployment.started.v1)");
    }

    @Test
    void rejectsBlankSource() {
        assertThatThrownBy(() -> new EventEnvelope<>("1.0", "id-1", " ", STARTED.type(), EventFixtures.AT,
                "shop:prod", "application/json", null, null, null, STARTED))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("CloudEvents attribute 'source' is required");
    }
}
