package io.releasecontrol.runtime.config;

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
}
