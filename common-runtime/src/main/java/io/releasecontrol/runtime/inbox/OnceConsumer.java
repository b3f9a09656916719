package io.releasecontrol.runtime.inbox;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

/**
 * The shape the services' event listeners share: the record's event, of the topic's family; the
 * listener's action for it, run once per event id through {@link ProcessedEvents} (in one
 * transaction with the processed mark); and the wait for it on the listener thread — a Kafka
 * container thread, not an event loop: waiting there is what keeps each partition in order.
 */
public final class OnceConsumer {

    /** How long a listener waits for one event's action before the record counts as failed (and is retried). */
    public static final Duration HANDLER_TIMEOUT = Duration.ofSeconds(30);

    private final ProcessedEvents processed;
    private final String consumer;

    /** @param consumer the name events are marked processed under: one per listener, never shared */
    public OnceConsumer(ProcessedEvents processed, String consumer) {
        this.processed = processed;
        this.consumer = consumer;
    }

    /**
     * The record's event, which must belong to {@code family}. The deserializer already refuses
     * another family on a known topic; an event that still gets here is refused as bad input (the
     * error handler dead-letters it) rather than silently skipped.
     *
     * @param what the family in words, for the refusal: "a deploy command"
     */
    public static <F extends RcEvent> F eventOf(ConsumerRecord<String, EventEnvelope<RcEvent>> record, Class<F> family,
            String what) {
        EventEnvelope<RcEvent> envelope = record.value();
        if (!family.isInstance(envelope.data())) {
            throw new IllegalArgumentException(envelope.type() + " is not " + what);
        }
        return family.cast(envelope.data());
    }

    /** Runs {@code action} unless this consumer processed the event before; true when it ran. */
    public Mono<Boolean> once(ConsumerRecord<?, ?> record, EventEnvelope<?> envelope, Mono<?> action) {
        return processed.processOnce(consumer, record, envelope, action);
    }

    /** {@link #once} and waits for it, up to {@link #HANDLER_TIMEOUT}. */
    public void run(ConsumerRecord<?, ?> record, EventEnvelope<?> envelope, Mono<?> action) {
        once(record, envelope, action).block(HANDLER_TIMEOUT);
    }
}
