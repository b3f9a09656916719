package io.releasecontrol.metrics.ownership;

import reactor.core.publisher.Mono;

/** Whether this instance owns a target's rc.metric-samples partition now (and so evaluates its samples). */
@FunctionalInterface
public interface OwnedTargets {

    /** Every target: a single instance, or a test. */
    OwnedTargets ALL = (application, environment) -> Mono.just(true);

    Mono<Boolean> owns(String application, String environment);
}
