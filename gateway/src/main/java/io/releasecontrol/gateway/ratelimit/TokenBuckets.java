package io.releasecontrol.gateway.ratelimit;

import java.time.Duration;
import reactor.core.publisher.Mono;

/** One token bucket per caller key. */
interface TokenBuckets {

    /** @param retryAfter when refused, how long until a token is there again */
    record Decision(boolean allowed, long remaining, Duration retryAfter) {
    }

    Mono<Decision> take(String caller);

    String describe();

    /** Time until one token is back, at least a second (Retry-After counts whole seconds). */
    static Duration retryAfter(double tokens, double replenishPerSecond) {
        double missing = Math.max(0, 1 - tokens);
        long seconds = (long) Math.ceil(missing / replenishPerSecond);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
