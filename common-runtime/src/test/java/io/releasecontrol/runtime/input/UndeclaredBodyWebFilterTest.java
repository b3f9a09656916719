package io.releasecontrol.runtime.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class UndeclaredBodyWebFilterTest {

    /**
     * Found by CI on the gateway: the look-up's clean-up ran after the rest of the chain (doFinally
     * fires after completion has gone downstream) and took the gateway's route URL off the exchange,
     * so a text body to a proxied route (the git hook) was answered 503.
     */
    @Test
    void whatTheRestOfTheChainSetsOnTheExchangeStays() {
        RequestMappingHandlerMapping controllers = mock(RequestMappingHandlerMapping.class);
        when(controllers.getHandlerInternal(any())).thenReturn(Mono.empty()); // a route, not a controller
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/hooks/git")
                .header(HttpHeaders.CONTENT_TYPE, "text/plain").contentLength(2).body("{}"));
        var filter = new UndeclaredBodyWebFilter(() -> controllers);

        AtomicReference<Object> seenLater = new AtomicReference<>();
        // like the gateway: a filter sets the route's URL, a later one reads it after an asynchronous hop
        StepVerifier.create(filter.filter(exchange, ex -> {
            ex.getAttributes().put("gatewayRequestUrl", "http://127.0.0.1:8082/api/v1/hooks/git");
            return Mono.delay(Duration.ofMillis(20)).doOnNext(tick -> seenLater.set(ex.getAttribute("gatewayRequestUrl")))
                    .then();
        })).verifyComplete();

        assertThat(seenLater.get()).isEqualTo("http://127.0.0.1:8082/api/v1/hooks/git");
    }
}
