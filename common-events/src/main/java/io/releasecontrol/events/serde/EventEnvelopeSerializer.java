package io.releasecontrol.events.serde;

import io.releasecontrol.events.EventEnvelope;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer: the envelope as CloudEvents structured JSON. */
public class EventEnvelopeSerializer implements Serializer<EventEnvelope<?>> {

    @Override
    public byte[] serialize(String topic, EventEnvelope<?> envelope) {
        return envelope == null ? null : EventCodec.toBytes(envelope);
    }
}
