package io.releasecontrol.events;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registry of every event and command type, built by walking the sealed topic families — so
 * adding a record to a family registers it, and nothing else can be registered.
 */
public final class EventTypes {

    private static final Map<String, Class<? extends RcEvent>> BY_TYPE;
    private static final Map<Class<?>, String> BY_CLASS;

    static {
        Map<String, Class<? extends RcEvent>> byType = new LinkedHashMap<>();
        Map<Class<?>, String> byClass = new LinkedHashMap<>();
        for (Topics.Spec spec : Topics.ALL) {
            Deque<Class<?>> todo = new ArrayDeque<>();
            todo.add(spec.family());
            while (!todo.isEmpty()) {
                Class<?> c = todo.poll();
                if (c.isSealed()) {
                    Collections.addAll(todo, c.getPermittedSubclasses());
                } else if (c.isRecord()) {
                    EventType annotation = c.getAnnotation(EventType.class);
                    if (annotation == null) {
                        throw new IllegalStateException(c.getName() + " lacks @EventType");
                    }
                    @SuppressWarnings("unchecked")
                    Class<? extends RcEvent> event = (Class<? extends RcEvent>) c;
                    if (byType.put(annotation.value(), event) != null) {
                        throw new IllegalStateException("duplicate event type " + annotation.value());
                    }
                    byClass.put(c, annotation.value());
                }
            }
        }
        BY_TYPE = Collections.unmodifiableMap(byType);
        BY_CLASS = Collections.unmodifiableMap(byClass);
    }

    private EventTypes() {
    }

    /** Every registered type, in topic order, then declaration order. */
    public static Map<String, Class<? extends RcEvent>> all() {
        return BY_TYPE;
    }

    public static Class<? extends RcEvent> classOf(String type) {
        Class<? extends RcEvent> c = BY_TYPE.get(type);
        if (c == null) {
            throw new UnknownEventTypeException(type, null);
        }
        return c;
    }

    public static String typeOf(Class<?> recordClass) {
        String type = BY_CLASS.get(recordClass);
        if (type == null) {
            throw new IllegalArgumentException(recordClass.getName() + " is not a registered event type");
        }
        return type;
    }
}
