package io.releasecontrol.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.gateway.apikey.ApiKeyService;
import io.releasecontrol.gateway.support.GatewayTestStack;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Per-caller limits in the local Redis (127.0.0.1:6379): the bucket lives in Redis, so a second
 * gateway instance sharing it refuses the same caller too.
 */
@RcIntegrationTest
@EnabledIf(value = "redisAnswers", disabledReason = "no Redis answers on 127.0.0.1:6379 (start redis-server to run this test)")
@TestPropertySource(properties = {"rc.gateway.rate-limit.store=redis", "rc.gateway.rate-limit.burst=3",
        // one token per 100 s, so a slow machine cannot refill the bucket mid-test
        "rc.gateway.rate-limit.replenish-per-second=0.01", "spring.data.redis.url=redis://127.0.0.1:6379"})
class RedisRateLimitIT {

    @Autowired
    WebTestClient web;
    @Autowired
    ApiKeyService apiKeys;
    @Autowired
    TokenBuckets buckets;
    @Autowired
    ReactiveStringRedisTemplate redis;

    static boolean redisAnswers() {
        return RateLimitConfiguration.answersPing("127.0.0.1", 6379);
    }

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        GatewayTestStack.register(registry);
    }

    @Test
    void callerOverTheLimitGets429AndTheBucketIsSharedThroughRedis() {
        assertThat(buckets).isInstanceOf(RedisTokenBuckets.class);
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        String name = "redis-bot-" + UUID.randomUUID().toString().substring(0, 8);
        String key = apiKeys.create(name, "viewer", "test").block().key();
        RateLimitAssertions.exhaust(web, key, 3);
        RateLimitAssertions.expectLimited(web, key, 100);

        assertThat(redis.hasKey(RedisTokenBuckets.KEY_PREFIX + "{" + name + "}.tokens").block()).isTrue();
        // another gateway instance on the same Redis sees the same empty bucket
        var otherInstance = new RedisTokenBuckets(redis, 0.01, 3, new InMemoryTokenBuckets(0.01, 3, System::nanoTime));
        assertThat(otherInstance.take(name).block().allowed()).isFalse();
        assertThat(otherInstance.take("someone-else-" + name).block().allowed()).isTrue();
    }
}
