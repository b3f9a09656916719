package io.releasecontrol.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every registered type survives the wire unchanged, one case per type. */
class EventCodecRoundTripTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.releasecontrol.events.EventFixtures#types")
    void jsonRoundTripReturnsTheSameEnvelope(String type) {
        EventEnvelope<RcEvent> original = EventFixtures.envelope(type);

        EventEnvelope<RcEvent> read = EventCodec.fromJson(EventCodec.toJson(original));

        assertThat(read).isEqualTo(original);
        assertThat(read.data()).isInstanceOf(original.data().getClass());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.releasecontrol.events.EventFixtures#types")
    void kafkaRoundTripOnItsTopicReturnsTheSameEnvelope(String type) {
        EventEnvelope<RcEvent> original = EventFixtures.envelope(type);
        String topic = Topics.topicOf(original.data().getClass()).name();

        byte[] bytes = new EventEnvelopeSerializer().serialize(topic, original);
        EventEnvelope<RcEvent> read = new EventEnvelopeDeserializer().deserialize(topic, bytes);

        assertThat(read).isEqualTo(original);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.releasecontrol.events.EventFixtures#types")
    void deadLetterTopicReadsBackAnyRegisteredType(String type) {
        // a DLT is no family topic, so its consumer (replay, inspection) accepts every known type
        EventEnvelope<RcEvent> original = EventFixtures.envelope(type);
        String dlt = Topics.topicOf(original.data().getClass()).dlt();

        byte[] bytes = new EventEnvelopeSerializer().serialize(dlt, original);

        assertThat(new EventEnvelopeDeserializer().deserialize(dlt, bytes)).isEqualTo(original);
    }
}
