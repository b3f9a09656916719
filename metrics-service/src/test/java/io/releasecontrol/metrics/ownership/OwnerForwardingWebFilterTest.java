package io.releasecontrol.metrics.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The filter against a real HTTP owner on 127.0.0.1: what the owner answers reaches the caller —
 * status, body, and the headers a caller acts on (a 503's Retry-After).
 */
class OwnerForwardingWebFilterTest {

    private HttpServer owner;
    private final AtomicReference<String> forwardedBy = new AtomicReference<>();

    @BeforeEach
    void startOwner() throws Exception {
        owner = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        owner.createContext("/api/v1/metrics/health", exchange -> {
            forwardedBy.set(exchange.getRequestHeaders().getFirst(OwnerForwardingWebFilter.FORWARDED));
            byte[] body = "{\"status\":503,\"title\":\"Service Unavailable\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
            exchange.getResponseHeaders().set("Retry-After", "5");
            exchange.getResponseHeaders().set("X-Internal", "not relayed");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        owner.start();
    }

    @AfterEach
    void stopOwner() {
        owner.stop(0);
    }

    @Test
    void theOwnersAnswerIsRelayedWithItsRetryAfter() {
        String ownerUrl = "http://127.0.0.1:" + owner.getAddress().getPort();
        PartitionOwnership ownership = mock(PartitionOwnership.class);
        when(ownership.owns(anyInt())).thenReturn(false);
        PartitionOwners owners = mock(PartitionOwners.class);
        when(owners.ownerOf(anyInt())).thenReturn(Mono.just(Optional.of(ownerUrl)));
        TargetPartitions partitions = mock(TargetPartitions.class);
        when(partitions.partitionOf(anyString())).thenReturn(Mono.just(1));
        SelfAddress self = mock(SelfAddress.class);
        when(self.url()).thenReturn("http://127.0.0.1:1");
        var filter = new OwnerForwardingWebFilter(ownership, owners, partitions, self, WebClient.builder());

        var exchange = MockServerWebExchange.from(MockServerHttpRequest
                .get("/api/v1/metrics/health?application=shop&environment=staging").build());
        filter.filter(exchange, e -> Mono.error(new AssertionError("answered here, not by the owner")))
                .block(Duration.ofSeconds(10));

        var response = exchange.getResponse();
        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getHeaders().getFirst("X-Internal")).isNull();
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getBodyAsString().block(Duration.ofSeconds(5))).contains("Service Unavailable");
        assertThat(forwardedBy.get()).isEqualTo("http://127.0.0.1:1");
    }
}
