package io.releasecontrol.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.gateway.apikey.ApiKeyService;
import io.releasecontrol.gateway.support.BackendStub;
import io.releasecontrol.gateway.support.DesignRoutes;
import io.releasecontrol.gateway.support.GatewayTestStack;
import io.releasecontrol.gateway.support.Ports;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What a caller sees when services misbehave, over real HTTP: a stopped service → 503
 * problem+json naming it (then an open circuit), a slow one → 503 after the route's timeout, an
 * instance down among several → the request goes to a live one, and an SSE stream longer than the
 * timeout arrives event by event, unbuffered.
 */
@RcIntegrationTest
@TestPropertySource(properties = {"rc.gateway.rate-limit.store=memory", "rc.gateway.rate-limit.burst=1000",
        "rc.gateway.resilience.minimum-calls=3", "rc.gateway.resilience.sliding-window=3",
        "rc.gateway.resilience.open-for=PT30S", "rc.gateway.services.deploy-service.timeout=PT3S"})
class ResilienceIT {

    private static final BackendStub SECOND_METRICS = BackendStub.start("metrics-service-2", List.of());

    @Autowired
    WebTestClient web;
    @Autowired
    ApiKeyService apiKeys;
    @LocalServerPort
    int port;
    String key;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        GatewayTestStack.register(registry);
        var stubs = GatewayTestStack.backends();
        // version-service: one live instance and one that is down
        registry.add("rc.gateway.services.version-service.urls",
                () -> stubs.get(DesignRoutes.VERSION).url() + ",http://127.0.0.1:" + Ports.closed());
        // metrics-service: two live instances
        registry.add("rc.gateway.services.metrics-service.urls",
                () -> stubs.get(DesignRoutes.METRICS).url() + "," + SECOND_METRICS.url());
        // rollback-orchestrator: stopped
        registry.add("rc.gateway.services.rollback-orchestrator.urls", () -> "http://127.0.0.1:" + Ports.closed());
    }

    @AfterAll
    static void stop() {
        SECOND_METRICS.close();
    }

    @BeforeEach
    void viewerKey() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
        key = apiKeys.create("resilience-" + UUID.randomUUID().toString().substring(0, 8), "admin", "test").block().key();
    }

    @Test
    void stoppedServiceIsAnswered503NamingItThenTheCircuitOpens() {
        for (int i = 0; i < 3; i++) {
            web.get().uri("/api/v1/rollbacks").header("X-API-Key", key).exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("X-Correlation-Id")
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/service-unavailable")
                    .jsonPath("$.service").isEqualTo("rollback-orchestrator")
                    .jsonPath("$.instance").isEqualTo("/api/v1/rollbacks")
                    .jsonPath("$.detail").isEqualTo("rollback-orchestrator is unavailable: connection refused");
        }
        // three failures in a window of three: the breaker stops trying for a while
        web.post().uri("/api/v1/rollbacks/42/approve").header("X-API-Key", key).exchange()
                .expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.service").isEqualTo("rollback-orchestrator")
                .jsonPath("$.detail").isEqualTo("rollback-orchestrator is unavailable: circuit open after repeated failures, retry later");
    }

    @Test
    void slowServiceIsCutAtItsRouteTimeout() {
        web.get().uri("/api/v1/deployments?delayMs=8000").header("X-API-Key", key).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.service").isEqualTo("deploy-service")
                .jsonPath("$.detail").isEqualTo("deploy-service is unavailable: no answer within the timeout");
        // a quick answer on the same route still passes
        web.get().uri("/api/v1/deployments?delayMs=10").header("X-API-Key", key).exchange().expectStatus().isOk();
    }

    @Test
    void manyConcurrentCallsToOneServiceAreNotCapped() {
        // Resilience4j's default bulkhead (25 concurrent calls per breaker, no waiting) would answer
        // the rest 503; the gateway runs without it
        var client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
        List<Integer> statuses = reactor.core.publisher.Flux.range(0, 40)
                .flatMap(i -> client.get().uri("/api/v1/rules?delayMs=1500").header("X-API-Key", key)
                        .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value())), 40)
                .collectList().block(Duration.ofSeconds(30));
        assertThat(statuses).hasSize(40).containsOnly(200);
    }

    @Test
    void instanceThatIsDownIsSkippedForALiveOne() {
        for (int i = 0; i < 6; i++) {
            web.get().uri("/api/v1/applications").header("X-API-Key", key).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.service").isEqualTo("version-service");
        }
    }

    @Test
    void requestsAreSpreadOverTheInstances() {
        int first = GatewayTestStack.backends().get(DesignRoutes.METRICS).requests();
        int second = SECOND_METRICS.requests();
        for (int i = 0; i < 6; i++) {
            web.get().uri("/api/v1/rules").header("X-API-Key", key).exchange().expectStatus().isOk();
        }
        assertThat(GatewayTestStack.backends().get(DesignRoutes.METRICS).requests() - first).isEqualTo(3);
        assertThat(SECOND_METRICS.requests() - second).isEqualTo(3);
    }

    @Test
    void serverSentEventsPassThroughUnbufferedAndOutliveTheTimeout() {
        List<Long> arrivals = new ArrayList<>();
        List<String> data = WebClient.create("http://127.0.0.1:" + port).get()
                .uri("/api/v1/deployments/d-1/logs").header("X-API-Key", key).accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .doOnNext(e -> arrivals.add(System.nanoTime()))
                .map(ServerSentEvent::data)
                .collectList().block(Duration.ofSeconds(20));
        // the stream (3.5 s) is longer than deploy-service's 3 s timeout and still arrives whole
        assertThat(data).hasSize(6).allMatch(d -> d.startsWith("line "));
        // the events arrive as the service writes them (700 ms apart), not all at once at the end
        assertThat(Duration.ofNanos(arrivals.get(5) - arrivals.get(0))).isGreaterThan(Duration.ofMillis(1400));
    }

    @Test
    void openApiDocumentIsServedWhileAServiceIsDown() {
        web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/v1/applications']").exists()
                .jsonPath("$.paths['/api/v1/rollbacks']").doesNotExist()
                .jsonPath("$['x-rc-services'][?(@.service == 'rollback-orchestrator')].status").isEqualTo(List.of("unavailable"));
    }
}
