package io.releasecontrol.gateway.ratelimit;

import io.releasecontrol.runtime.config.PropertyDefaults;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-caller token bucket ({@code rc.gateway.rate-limit}): {@code burst} requests at once, refilled at
 * {@code replenishPerSecond}. The caller is the API key's name or the JWT's subject (the client address
 * when anonymous), all routes together.
 *
 * @param store              {@code redis}, {@code memory}, or {@code auto}: Redis when {@code RC_REDIS_URL}
 *                           is set or 127.0.0.1:6379 answers, in memory otherwise ({@code RC_RATE_LIMIT_STORE})
 * @param replenishPerSecond requests a caller's bucket gains per second ({@code RC_RATE_LIMIT_PER_SECOND})
 * @param burst              requests a full bucket holds ({@code RC_RATE_LIMIT_BURST})
 */
@ConfigurationProperties("rc.gateway.rate-limit")
public record RateLimitProperties(@DefaultValue("auto") String store, @DefaultValue("50") Double replenishPerSecond,
                                  @DefaultValue("100") Integer burst) {

    public RateLimitProperties {
        // an unset RC_RATE_LIMIT_STORE binds as an empty string: the default
        store = PropertyDefaults.ifBlank(store, RateLimitProperties.class, RateLimitProperties::store);
        if (replenishPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rc.gateway.rate-limit needs replenish-per-second > 0 and burst >= 1");
        }
    }
}
