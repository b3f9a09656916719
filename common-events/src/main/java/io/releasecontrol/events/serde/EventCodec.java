package io.releasecontrol.events.serde;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFormatException;
import io.releasecontrol.events.EventTypes;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.UnknownEventTypeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON (de)serialisation of {@link EventEnvelope}s. Reading resolves the record class from the
 * CloudEvents {@code type}; an unknown type is an {@link UnknownEventTypeException}, never a guess.
 * Unknown fields inside {@code data} are ignored, so producers may add fields without breaking
 * consumers (adding a nullable field is compatible; adding a primitive one, renaming or removing
 * is a new {@code .vN} type, because a missing primitive is rejected, never read as zero).
 */
public final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private EventCodec() {
    }

    /** The mapper used for the wire format; shared so tests and tools render exactly the same JSON. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(EventEnvelope<?> envelope) {
        return toJson(envelope).getBytes(StandardCharsets.UTF_8);
    }

    public static String toJson(EventEnvelope<?> envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JacksonException e) {
            throw new EventFormatException("cannot serialise " + envelope.type() + ": " + e.getOriginalMessage(), e);
        }
    }

    public static EventEnvelope<RcEvent> fromBytes(byte[] json) {
        if (json == null) {
            throw new EventFormatException("message has no value");
        }
        return fromJson(new String(json, StandardCharsets.UTF_8));
    }

    public static EventEnvelope<RcEvent> fromJson(String json) {
        return fromJson(json, RcEvent.class);
    }

    private static EventEnvelope<RcEvent> fromJson(String json, Class<? extends RcEvent> family) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new EventFormatException("message is not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new EventFormatException("message is not a JSON object");
        }
        String type = text(root, "type");
        if (type == null) {
            throw new EventFormatException("CloudEvents attribute 'type' is required");
        }
        Class<? extends RcEvent> dataClass = EventTypes.classOf(type);
        if (!family.isAssignableFrom(dataClass)) {
            throw new EventFormatException("event type '" + type + "' does not belong on this topic (expected a "
                    + family.getSimpleName() + ")");
        }
        JsonNode dataNode = root.get("data");
        if (dataNode == null || !dataNode.isObject()) {
            throw new EventFormatException("event " + type + " has no 'data' object");
        }
        RcEvent data;
        try {
            data = MAPPER.treeToValue(dataNode, dataClass);
        } catch (JacksonException e) {
            throw new EventFormatException("invalid data for " + type + ": " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            // record constructors validate their arguments
            throw new EventFormatException("invalid data for " + type + ": " + e.getMessage(), e);
        }
        String key;
        try {
            key = data.key();
        } catch (RuntimeException e) {
            throw new EventFormatException("invalid data for " + type + ": " + e.getMessage(), e);
        }
        String subject = text(root, "subject");
        if (subject != null && !subject.equals(key)) {
            throw new EventFormatException("subject '" + subject + "' does not match the data's target '" + key + "'");
        }
        String timeText = text(root, "time");
        Instant time;
        try {
            time = timeText == null ? null : Instant.parse(timeText);
        } catch (RuntimeException e) {
            throw new EventFormatException("CloudEvents attribute 'time' is not RFC 3339: " + timeText, e);
        }
        return new EventEnvelope<>(text(root, "specversion"), text(root, "id"), text(root, "source"), type, time,
                subject, text(root, "datacontenttype"), text(root, "correlationid"),
                text(root, "causationid"), text(root, "traceparent"), data);
    }

    /** Reads an envelope and checks that it belongs to {@code family} (the topic's sealed interface). */
    public static <T extends RcEvent> EventEnvelope<T> fromBytes(byte[] json, Class<T> family) {
        if (json == null) {
            throw new EventFormatException("message has no value");
        }
        EventEnvelope<RcEvent> envelope = fromJson(new String(json, StandardCharsets.UTF_8), family);
        @SuppressWarnings("unchecked")
        EventEnvelope<T> typed = (EventEnvelope<T>) envelope;
        return typed;
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new EventFormatException("CloudEvents attribute '" + field + "' must be a string");
        }
        return node.asString();
    }
}
