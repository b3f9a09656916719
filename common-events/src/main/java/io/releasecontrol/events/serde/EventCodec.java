package io.releasecontrol.events.serde;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.EventFormatException;
import io.releasecontrol.events.EventTypes;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.UnknownEventTypeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * JSON (de)serialisation of {@link EventEnvelope}s. Reading resolves the record class from the
 * CloudEvents {@code type}; an unknown type is an {@link UnknownEventTypeException}, never a guess.
 * Unknown fields inside {@code data} are ignored, so producers may add fields without breaking
 * consumers (adding a nullable field is compatible; adding a primitive one, renaming or removing
 * is a new {@code .vN} type, because a missing primitive is rejected, never read as zero).
 */
public final class EventCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("rc-instants").addDeserializer(Instant.class, new IsoInstants.Deserializer()))
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
        return fromBytes(json, RcEvent.class);
    }

    public static EventEnvelope<RcEvent> fromJson(String json) {
        if (json == null) {
            throw new EventFormatException("message has no value");
        }
        return read(() -> MAPPER.createParser(json), RcEvent.class);
    }

    /**
     * One pass over the JSON (no tree): the envelope's attributes are read as they come and
     * {@code data} is bound straight to its record class when {@code type} came before it, as it
     * does in every envelope this codec writes (attributes first, {@code data} last). A
     * {@code data} that comes first is kept as a tree until the type is known.
     */
    private static EventEnvelope<RcEvent> read(java.util.function.Supplier<JsonParser> parserOf,
            Class<? extends RcEvent> family) {
        try (JsonParser p = parserOf.get()) {
            return read(p, family);
        } catch (StreamReadException e) {
            throw new EventFormatException("message is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static EventEnvelope<RcEvent> read(JsonParser p, Class<? extends RcEvent> family) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new EventFormatException("message is not a JSON object");
        }
        Map<String, String> attributes = new HashMap<>(16);
        Class<? extends RcEvent> dataClass = null;
        RcEvent data = null;
        JsonNode dataTree = null;
        boolean dataIsObject = false;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            t = p.nextToken();
            if ("data".equals(name)) {
                dataIsObject = t == JsonToken.START_OBJECT;
                data = null;
                dataTree = null;
                if (!dataIsObject) {
                    p.skipChildren();
                } else if (dataClass != null) {
                    data = readData(p, attributes.get("type"), dataClass);
                } else {
                    dataTree = IN_ENVELOPE.readTree(p);
                }
            } else if (ATTRIBUTES.contains(name)) {
                if (t == JsonToken.VALUE_STRING) {
                    attributes.put(name, p.getString());
                } else if (t == JsonToken.VALUE_NULL) {
                    attributes.remove(name);
                } else {
                    throw new EventFormatException("CloudEvents attribute '" + name + "' must be a string");
                }
                if ("type".equals(name)) {
                    if (data != null) {
                        // data was bound to the first type's record already
                        throw new EventFormatException("CloudEvents attribute 'type' appears again after 'data'");
                    }
                    dataClass = dataClass(attributes.get("type"), family);
                }
            } else {
                p.skipChildren();
            }
        }
        if (p.nextToken() != null) {
            throw new EventFormatException("message is not JSON: content after the envelope's object");
        }
        String type = attributes.get("type");
        if (type == null) {
            throw new EventFormatException("CloudEvents attribute 'type' is required");
        }
        if (!dataIsObject) {
            throw new EventFormatException("event " + type + " has no 'data' object");
        }
        if (data == null) {
            // data came before type: bind the tree now
            data = readData(MAPPER.treeAsTokens(dataTree), type, dataClass);
        }
        String key;
        try {
            key = data.key();
        } catch (RuntimeException e) {
            throw new EventFormatException("invalid data for " + type + ": " + e.getMessage(), e);
        }
        String subject = attributes.get("subject");
        if (subject != null && !subject.equals(key)) {
            throw new EventFormatException("subject '" + subject + "' does not match the data's target '" + key + "'");
        }
        String timeText = attributes.get("time");
        Instant time;
        try {
            time = timeText == null ? null : IsoInstants.parseUtcOrNull(timeText);
            if (time == null && timeText != null) {
                time = Instant.parse(timeText);
            }
        } catch (RuntimeException e) {
            throw new EventFormatException("CloudEvents attribute 'time' is not RFC 3339: " + timeText, e);
        }
        return new EventEnvelope<>(attributes.get("specversion"), attributes.get("id"), attributes.get("source"), type,
                time, subject, attributes.get("datacontenttype"), attributes.get("correlationid"),
                attributes.get("causationid"), attributes.get("traceparent"), data);
    }

    /** reads a value in the middle of the envelope: what follows it is the envelope's, not trailing garbage */
    private static final ObjectReader IN_ENVELOPE = MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Map<Class<?>, ObjectReader> READERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static final java.util.Set<String> ATTRIBUTES = java.util.Set.of("specversion", "id", "source", "type",
            "time", "subject", "datacontenttype", "correlationid", "causationid", "traceparent");

    /** The record class of {@code type}, which must belong to {@code family}. */
    private static Class<? extends RcEvent> dataClass(String type, Class<? extends RcEvent> family) {
        if (type == null) {
            return null;
        }
        Class<? extends RcEvent> dataClass = EventTypes.classOf(type);
        if (!family.isAssignableFrom(dataClass)) {
            throw new EventFormatException("event type '" + type + "' does not belong on this topic (expected a "
                    + family.getSimpleName() + ")");
        }
        return dataClass;
    }

    private static RcEvent readData(JsonParser p, String type, Class<? extends RcEvent> dataClass) {
        try {
            return READERS.computeIfAbsent(dataClass, c -> IN_ENVELOPE.forType(c)).readValue(p);
        } catch (StreamReadException e) {
            throw e;
        } catch (JacksonException e) {
            throw new EventFormatException("invalid data for " + type + ": " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            // record constructors validate their arguments
            throw new EventFormatException("invalid data for " + type + ": " + e.getMessage(), e);
        }
    }

    /** Reads an envelope and checks that it belongs to {@code family} (the topic's sealed interface). */
    public static <T extends RcEvent> EventEnvelope<T> fromBytes(byte[] json, Class<T> family) {
        if (json == null) {
            throw new EventFormatException("message has no value");
        }
        EventEnvelope<RcEvent> envelope = read(() -> MAPPER.createParser(json), family);
        @SuppressWarnings("unchecked")
        EventEnvelope<T> typed = (EventEnvelope<T>) envelope;
        return typed;
    }
}
