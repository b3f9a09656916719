package io.releasecontrol.gateway.ratelimit;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Buckets in Redis, shared by every gateway instance: Spring Cloud Gateway's token-bucket script
 * (atomic in Redis, clocked by Redis's own TIME). When Redis fails mid-flight the request is
 * judged by the in-memory buckets instead of being refused or waved through.
 */
class RedisTokenBuckets implements TokenBuckets {

    static final String KEY_PREFIX = "rc:gateway:rate:";
    private static final Logger log = LoggerFactory.getLogger(RedisTokenBuckets.class);
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final RedisScript<List<Long>> SCRIPT = (RedisScript) RedisScript.of(
            new ClassPathResource("META-INF/scripts/request_rate_limiter.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final double rate;
    private final int burst;
    private final TokenBuckets fallback;
    private volatile boolean failing;

    RedisTokenBuckets(ReactiveStringRedisTemplate redis, double replenishPerSecond, int burst, TokenBuckets fallback) {
        this.redis = redis;
        this.rate = replenishPerSecond;
        this.burst = burst;
        this.fallback = fallback;
    }

    @Override
    public Mono<Decision> take(String caller) {
        // braces make both keys hash to one slot on a Redis cluster
        String base = KEY_PREFIX + "{" + caller + "}";
        List<String> keys = List.of(base + ".tokens", base + ".timestamp");
        // ARGV[3] (now) empty: the script uses Redis's clock, the same for every gateway instance
        List<String> args = List.of(Double.toString(rate), Integer.toString(burst), "", "1");
        return redis.execute(SCRIPT, keys, args).next()
                .map(result -> {
                    if (failing) {
                        failing = false;
                        log.info("rate limits back on Redis");
                    }
                    boolean allowed = result.get(0) == 1L;
                    long tokens = result.get(1);
                    return new Decision(allowed, tokens, allowed ? null : TokenBuckets.retryAfter(tokens, rate));
                })
                .onErrorResume(e -> {
                    if (!failing) {
                        failing = true;
                        log.warn("Redis rate limiting failed ({}); judging by in-memory buckets until it answers", e.toString());
                    }
                    return fallback.take(caller);
                });
    }

    @Override
    public String describe() {
        return "Redis (shared by all gateway instances)";
    }
}
