package io.releasecontrol.runtime.config;

import java.util.List;
import java.util.function.Function;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * A configuration properties record as Spring binds it when nothing is configured: every component
 * at its {@code @DefaultValue}, nested records included. For code and tests that need a record's
 * defaults without a Spring context, so that a default stays written once, on the record.
 */
public final class PropertyDefaults {

    private PropertyDefaults() {
    }

    public static <T> T of(Class<T> type) {
        // no property source: the name only has to be a valid one
        return new Binder().bindOrCreate("defaults", Bindable.of(type));
    }

    /**
     * {@code value}, or the record's default for that component when it is blank. Spring binds an
     * unset variable behind a placeholder ({@code ${RC_X:}}) as an empty string, not as unset, for a
     * string; a record's constructor calls this so that it still means the default. The component's
     * default must not be blank itself.
     */
    public static <T> String ifBlank(String value, Class<T> type, Function<T, String> component) {
        return value == null || value.isBlank() ? component.apply(of(type)) : value;
    }

    /** The same for a list, which Spring binds from an empty variable as an empty list. */
    public static <T, E> List<E> ifEmpty(List<E> value, Class<T> type, Function<T, List<E>> component) {
        return value == null || value.isEmpty() ? component.apply(of(type)) : List.copyOf(value);
    }
}
