package io.releasecontrol.metrics.ingest;

import io.releasecontrol.runtime.problem.ProblemException;
import java.util.function.Predicate;

/**
 * Query parameters that name a target or a version, checked as samples carry them (the ingest's own
 * checks): a value the ingest would refuse, one with a ':' above all, makes no target key, and was a
 * 500 from the key before it could be a 404. Each refusal is a 400 naming the parameter.
 */
public final class TargetParams {

    private TargetParams() {
    }

    public static String application(String value) {
        return require("application", value, v -> SampleValidator.isName(v, 2), "^[a-z0-9][a-z0-9-]{1,62}$");
    }

    public static String environment(String value) {
        return require("environment", value, v -> SampleValidator.isName(v, 1), "^[a-z0-9][a-z0-9-]{0,62}$");
    }

    /** a version (or instance) token under the parameter's own name: {@code version}, {@code baseline}, ... */
    public static String version(String name, String value) {
        return require(name, value, SampleValidator::isToken, "^[^\\s:]{1,128}$");
    }

    private static String require(String name, String value, Predicate<String> valid, String rule) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalid(name, "is required");
        }
        if (!valid.test(value)) {
            throw ProblemException.invalid(name, "must match " + rule);
        }
        return value;
    }
}
