package io.releasecontrol.events.serde;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka value deserializer. On a known topic it also checks that the type belongs to that
 * topic's family, so a command that strays onto the events topic is rejected, not acted on.
 * It throws on bad input: wrap it in Spring Kafka's {@code ErrorHandlingDeserializer} so the
 * record goes to the dead-letter topic instead of blocking the partition.
 */
public class EventEnvelopeDeserializer implements Deserializer<EventEnvelope<RcEvent>> {

    @Override
    public EventEnvelope<RcEvent> deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        Class<? extends RcEvent> family = Topics.spec(topic).<Class<? extends RcEvent>>map(Topics.Spec::family)
                .orElse(RcEvent.class);
        @SuppressWarnings("unchecked")
        EventEnvelope<RcEvent> envelope = (EventEnvelope<RcEvent>) EventCodec.fromBytes(data, family);
        return envelope;
    }
}
