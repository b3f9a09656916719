package io.releasecontrol.gateway.ratelimit;

import io.releasecontrol.gateway.apikey.ApiKeyService;
import io.releasecontrol.gateway.support.GatewayTestStack;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Per-caller limits with in-memory buckets: a burst passes, the next request is 429, other callers go on. */
@RcIntegrationTest
@TestPropertySource(properties = {"rc.gateway.rate-limit.store=memory", "rc.gateway.rate-limit.burst=3",
        // one token per 50 s, so a slow machine cannot refill the bucket mid-test; refilling is unit-tested
        "rc.gateway.rate-limit.replenish-per-second=0.02"})
class InMemoryRateLimitIT {

    @Autowired
    WebTestClient web;
    @Autowired
    ApiKeyService apiKeys;
    @Autowired
    TokenBuckets buckets;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        GatewayTestStack.register(registry);
    }

    @Test
    void usesMemoryBuckets() {
        org.assertj.core.api.Assertions.assertThat(buckets).isInstanceOf(InMemoryTokenBuckets.class);
    }

    @Test
    void callerOverTheLimitGets429WithRetryAfterOthersGoOn() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        String busy = key("busy");
        String calm = key("calm");
        RateLimitAssertions.exhaust(web, busy, 3);
        RateLimitAssertions.expectLimited(web, busy, 50);
        // another caller has its own bucket
        web.get().uri("/api/v1/applications").header("X-API-Key", calm).exchange().expectStatus().isOk();
    }

    @Test
    void anonymousCallersOfThePublicHookAreLimitedByTheirAddress() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        for (int i = 0; i < 3; i++) {
            web.post().uri("/api/v1/hooks/git").bodyValue("{}").exchange().expectStatus().isOk();
        }
        web.post().uri("/api/v1/hooks/git").bodyValue("{}").exchange()
                .expectStatus().isEqualTo(429)
                .expectBody().jsonPath("$.detail").value(detail ->
                        org.assertj.core.api.Assertions.assertThat((String) detail).startsWith("rate limit for ip:127.0.0.1 exceeded"));
    }

    private String key(String name) {
        return apiKeys.create(name + "-" + UUID.randomUUID().toString().substring(0, 8), "viewer", "test").block().key();
    }
}
