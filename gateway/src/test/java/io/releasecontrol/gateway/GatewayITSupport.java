package io.releasecontrol.gateway;

import io.releasecontrol.gateway.support.GatewayTestStack;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway on a random port in front of the stub services; every subclass shares one context.
 * Limits are generous here: rate limiting has its own contexts.
 */
@RcIntegrationTest
@TestPropertySource(properties = {"rc.gateway.rate-limit.store=memory", "rc.gateway.rate-limit.burst=100000",
        "rc.gateway.rate-limit.replenish-per-second=100000"})
public abstract class GatewayITSupport {

    @Autowired
    protected WebTestClient web;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        GatewayTestStack.register(registry);
    }

    @BeforeEach
    protected void allowSlowFirstCalls() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }
}
