package io.releasecontrol.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-caller token bucket ({@code rc.gateway.rate-limit}): {@code burst} requests at once, refilled at
 * {@code replenishPerSecond}. {@code store}: {@code redis}, {@code memory}, or {@code auto} (Redis when
 * {@code RC_REDIS_URL} is set or 127.0.0.1:6379 answers).
 */
@ConfigurationProperties("rc.gateway.rate-limit")
public record RateLimitProperties(@DefaultValue("auto") String store, @DefaultValue("50") double replenishPerSecond,
                                  @DefaultValue("100") int burst) {

    public RateLimitProperties {
        if (replenishPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rc.gateway.rate-limit needs replenish-per-second > 0 and burst >= 1");
        }
    }
}
