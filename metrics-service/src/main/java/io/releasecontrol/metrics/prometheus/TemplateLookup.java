package io.releasecontrol.metrics.prometheus;

/** Where the pull finds a target's templates: the most specific analysis policy with a {@code prometheus} section. */
@FunctionalInterface
public interface TemplateLookup {

    /** The templates of this target; null when no policy of it has any. */
    PrometheusQueries queries(String application, String environment);
}
