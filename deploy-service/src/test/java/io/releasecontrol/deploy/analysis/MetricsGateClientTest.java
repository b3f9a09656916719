package io.releasecontrol.deploy.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** The gate's question to a metrics-service stand-in on 127.0.0.1, and what an outage answers. */
class MetricsGateClientTest {

    private static final IdentityCodec CODEC = new IdentityCodec("metrics-gate-client-test", Duration.ofMinutes(5),
            Clock.systemUTC());
    private static final Instant SINCE = Instant.parse("2026-03-01T10:15:30Z");

    private final ReactiveResilience4JCircuitBreakerFactory breakers = new ReactiveResilience4JCircuitBreakerFactory(
            CircuitBreakerRegistry.ofDefaults(), TimeLimiterRegistry.ofDefaults(), null,
            new Resilience4JConfigurationProperties());
    private final AtomicReference<String> asked = new AtomicReference<>();
    private DisposableServer metricsService;

    @AfterEach
    void stop() {
        if (metricsService != null) {
            metricsService.disposeNow();
        }
    }

    // answers a pass and keeps what it was asked and by whom
    private URI startMetricsService() {
        var routes = RouterFunctions.route().GET("/api/v1/metrics/gate", r -> {
            TrustedIdentity who = CODEC.verify(r.headers().firstHeader(IdentityCodec.HEADER));
            asked.set(r.uri().getRawQuery() + " by " + who.subject() + " " + who.roles());
            return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue("""
                    {"verdict":"pass","reason":"every rule passes","requests":4210,"minRequests":1000,
                     "samples":42,"minSamples":30,"baseline":"2.3.1","gate":{"maxWait":"PT10M","onTimeout":"fail"}}""");
        }).build();
        metricsService = HttpServer.create().host("127.0.0.1").port(0)
                .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes))).bindNow();
        return URI.create("http://127.0.0.1:" + metricsService.port());
    }

    private MetricsGateClient client(URI url) {
        return new MetricsGateClient(breakers,
                new StaticListableBeanFactory(Map.of("identityCodec", CODEC)).getBeanProvider(IdentityCodec.class),
                new AnalysisProperties(true, url, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1)));
    }

    @Test
    void asksAsDeployServiceWithViewerRightsAndReadsTheVerdict() {
        MetricsGateClient gate = client(startMetricsService());

        StepVerifier.create(gate.check("shop", "prod", "2.4.0", SINCE)).assertNext(answer -> {
            assertThat(answer.passed()).isTrue();
            assertThat(answer.requests()).isEqualTo(4210);
            assertThat(answer.maxWait()).isEqualTo(Duration.ofMinutes(10));
            assertThat(answer.holdOnTimeout()).isFalse();
        }).verifyComplete();
        assertThat(asked).hasValue("application=shop&environment=prod&version=2.4.0&since=2026-03-01T10:15:30Z"
                + " by deploy-service [viewer]");
    }

    @Test
    void anUnreachableMetricsServiceHoldsTheStepAndCountsOnItsBreaker() {
        URI gone = startMetricsService();
        metricsService.disposeNow();
        MetricsGateClient gate = client(gone);

        StepVerifier.create(gate.check("shop", "prod", "2.4.0", null)).assertNext(answer -> {
            assertThat(answer.available()).isFalse();
            assertThat(answer.holdOnTimeout()).isTrue();
            assertThat(answer.reason()).startsWith("metrics-service cannot answer (not reachable at " + gone + ": ")
                    .endsWith("): holding until it does");
        }).verifyComplete();
        // the breaker's name is what metrics and health show
        assertThat(breakers.getCircuitBreakerRegistry().circuitBreaker("metrics-service").getMetrics()
                .getNumberOfFailedCalls()).isEqualTo(1);
    }
}
