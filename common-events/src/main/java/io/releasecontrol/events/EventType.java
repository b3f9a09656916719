package io.releasecontrol.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The CloudEvents {@code type} of an event or command record: reverse-DNS and versioned, e.g.
 * {@code io.releasecontrol.deployment.started.v1}. A breaking change to a record gets a new
 * record with a new {@code .vN} type, never an edit in place.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    String value();
}
