package io.releasecontrol.events;

import java.util.Objects;

/** Builds and parses the record key {@code application:environment}, in this one place. */
public final class TargetKey {

    /** The environment of application-wide facts (a version exists): key {@code application:*}. */
    public static final String ALL_ENVIRONMENTS = "*";

    private TargetKey() {
    }

    public static String of(String application, String environment) {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
        if (application.isBlank() || environment.isBlank()) {
            throw new IllegalArgumentException("application and environment must not be blank");
        }
        if (application.contains(":") || environment.contains(":")) {
            throw new IllegalArgumentException(
                    "application and environment must not contain ':' (got '" + application + "', '" + environment + "')");
        }
        return application + ":" + environment;
    }

    /** Splits a key into {application, environment}. */
    public static String[] parse(String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        if (colon <= 0 || colon == key.length() - 1 || key.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("not a target key 'application:environment': " + key);
        }
        return new String[] {key.substring(0, colon), key.substring(colon + 1)};
    }
}
