package io.releasecontrol.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode, modelled as a record that follows the spec
 * (the CloudEvents Java SDK's Jackson module targets Jackson 2; we are on Jackson 3 with Spring
 * Boot 4). Extensions {@code correlationid}, {@code causationid} and {@code traceparent} are
 * top-level attributes, as the JSON format requires; absent ones are omitted.
 *
 * @param specversion always {@value #SPEC_VERSION}
 * @param id          unique per event; consumers deduplicate on it
 * @param source      URI reference of the producing service, e.g. {@code /release-control/deploy-service}
 * @param type        reverse-DNS, versioned type from {@link EventType}
 * @param time        when the fact happened (UTC, millisecond precision)
 * @param subject     the target key {@code application:environment}
 * @param datacontenttype always {@value #JSON}
 * @param correlationid the id shared by every event of one business flow (a deployment, a saga)
 * @param causationid   the id of the event or request that caused this one
 * @param traceparent   W3C trace context of the producer, so a consumer continues the trace
 * @param data        the event or command record
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"specversion", "id", "source", "type", "time", "subject", "datacontenttype",
        "correlationid", "causationid", "traceparent", "data"})
public record EventEnvelope<T extends RcEvent>(
        String specversion,
        String id,
        String source,
        String type,
        Instant time,
        String subject,
        String datacontenttype,
        String correlationid,
        String causationid,
        String traceparent,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public EventEnvelope {
        if (!SPEC_VERSION.equals(specversion)) {
            throw new EventFormatException("specversion must be " + SPEC_VERSION + ", got " + specversion);
        }
        requireText(id, "id");
        requireText(source, "source");
        requireText(type, "type");
        Objects.requireNonNull(data, "data");
        if (!type.equals(data.type())) {
            throw new EventFormatException("type '" + type + "' does not match data " + data.getClass().getSimpleName()
                    + " (" + data.type() + ")");
        }
    }

    /** A new event from {@code source}, starting its own correlation. */
    public static <T extends RcEvent> EventEnvelope<T> of(String source, T data) {
        String id = UUID.randomUUID().toString();
        return new EventEnvelope<>(SPEC_VERSION, id, source, data.type(), Instant.now().truncatedTo(ChronoUnit.MILLIS),
                data.key(), JSON, id, null, null, data);
    }

    /** A new event caused by {@code cause}: same correlation, causation = the cause's id. */
    public static <T extends RcEvent> EventEnvelope<T> causedBy(EventEnvelope<?> cause, String source, T data) {
        EventEnvelope<T> fresh = of(source, data);
        return fresh.withCorrelation(cause.correlationid(), cause.id()).withTraceparent(cause.traceparent());
    }

    public EventEnvelope<T> withCorrelation(String correlationId, String causationId) {
        return new EventEnvelope<>(specversion, id, source, type, time, subject, datacontenttype,
                correlationId, causationId, traceparent, data);
    }

    public EventEnvelope<T> withTraceparent(String newTraceparent) {
        return new EventEnvelope<>(specversion, id, source, type, time, subject, datacontenttype,
                correlationid, causationid, newTraceparent, data);
    }

    public EventEnvelope<T> withIdAndTime(String newId, Instant newTime) {
        return new EventEnvelope<>(specversion, newId, source, type, newTime, subject, datacontenttype,
                correlationid, causationid, traceparent, data);
    }

    /** The Kafka record key. */
    public String key() {
        return data.key();
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new EventFormatException("CloudEvents attribute '" + name + "' is required");
        }
    }
}
