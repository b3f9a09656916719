package io.releasecontrol.metrics.ingest;

import io.releasecontrol.metrics.ingest.SampleName.Kind;
import io.releasecontrol.runtime.problem.ProblemException;

/**
 * Query parameters that name a target or a version, checked as samples carry them (the ingest's own
 * checks): a value the ingest would refuse, one with a ':' above all, makes no target key, and was a
 * 500 from the key before it could be a 404. Each refusal is a 400 naming the parameter.
 */
public final class TargetParams {

    private TargetParams() {
    }

    public static String application(String value) {
        return require("application", value, Kind.APPLICATION);
    }

    public static String environment(String value) {
        return require("environment", value, Kind.ENVIRONMENT);
    }

    /** a version (or instance) token under the parameter's own name: {@code version}, {@code baseline}, ... */
    public static String version(String name, String value) {
        return require(name, value, Kind.TOKEN);
    }

    private static String require(String name, String value, Kind kind) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(name, "is required");
        }
        if (!kind.matches(value)) {
            throw ProblemException.invalid(name, "must match " + kind.regexp());
        }
        return value;
    }
}
