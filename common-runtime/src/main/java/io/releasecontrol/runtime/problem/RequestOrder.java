package io.releasecontrol.runtime.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where in a request a violation sits, as numbers that sort in the request's order. */
final class RequestOrder {

    // a map key's and a map value's constraints report on the same field: the key's first
    private static final String MAP_KEY = "<map key>";
    // a property name, or a list index in brackets
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private RequestOrder() {
    }

    /**
     * Where a violation sits: per property its index among its class's record components (or fields),
     * per list element its index, per map entry its index in the map as sent.
     */
    static List<Integer> positionOf(ConstraintViolation<?> v) {
        List<Integer> position = new ArrayList<>();
        Type type = v.getRootBeanClass();
        Object container = null;
        for (Path.Node node : v.getPropertyPath()) {
            if (node.isInIterable()) {
                position.add(node.getIndex() != null ? node.getIndex() : indexOfKey(container, node.getKey()));
                type = elementType(type);
            }
            if (node.getKind() == ElementKind.PROPERTY) {
                type = property(position, type, node.getName());
                // Hibernate Validator's node carries the property's value: for a map's entries, the map as sent
                // (where it does not, the entries fall back to the order of their field names)
                container = node instanceof org.hibernate.validator.path.PropertyNode p ? p.getValue() : null;
            } else if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                position.add(MAP_KEY.equals(node.getName()) ? 0 : 1);
            }
        }
        return position;
    }

    /**
     * Where a field named by a check written by hand ({@code freezeWindows[0].end}) sits in a {@code request}
     * body, as {@link #positionOf(ConstraintViolation)} says it of a violation. A map's key is no position
     * known here: its entry comes after the map's other entries.
     */
    static List<Integer> positionOf(Class<?> request, String field) {
        List<Integer> position = new ArrayList<>();
        Type type = request;
        Matcher segment = SEGMENT.matcher(field);
        while (segment.find()) {
            if (segment.group(2) != null) {
                position.add(Integer.parseInt(segment.group(2)));
                type = elementType(type);
            } else if (Map.class.isAssignableFrom(rawClass(type))) {
                position.add(Integer.MAX_VALUE);
                type = elementType(type);
            } else {
                type = property(position, type, segment.group(1));
            }
        }
        return position;
    }

    /** Adds the index of property {@code name} among those of {@code type}; answers the property's type. */
    private static Type property(List<Integer> position, Type type, String name) {
        List<? extends AnnotatedElement> declared = declared(rawClass(type));
        int index = indexOf(declared, name);
        position.add(index);
        return index < declared.size() ? genericType(declared.get(index)) : Object.class;
    }

    private static int indexOfKey(Object container, Object key) {
        if (container instanceof Map<?, ?> map) {
            int i = 0;
            for (Object k : map.keySet()) {
                if (k != null && k.equals(key)) {
                    return i;
                }
                i++;
            }
        }
        return 0;
    }

    private static List<? extends AnnotatedElement> declared(Class<?> owner) {
        if (owner.isRecord()) {
            return Arrays.asList(owner.getRecordComponents());
        }
        return Arrays.stream(owner.getDeclaredFields()).filter(f -> !f.isSynthetic()).toList();
    }

    private static int indexOf(List<? extends AnnotatedElement> declared, String name) {
        for (int i = 0; i < declared.size(); i++) {
            AnnotatedElement e = declared.get(i);
            if (name.equals(e instanceof RecordComponent rc ? rc.getName() : ((Field) e).getName())) {
                return i;
            }
        }
        return declared.size();
    }

    private static Type genericType(AnnotatedElement element) {
        return element instanceof RecordComponent rc ? rc.getGenericType() : ((Field) element).getGenericType();
    }

    /** {@code List<X>} and {@code Set<X>} give X, {@code Map<K, V>} gives V. */
    private static Type elementType(Type container) {
        if (container instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return Map.class.isAssignableFrom(rawClass(p)) ? args[1] : args[0];
        }
        return rawClass(container).isArray() ? rawClass(container).getComponentType() : Object.class;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : Object.class;
    }
}
