package io.releasecontrol.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class CorrelationWebFilterTest {

    private final CorrelationWebFilter filter = new CorrelationWebFilter(null);
    private final AtomicReference<String> idInContext = new AtomicReference<>();
    private final WebFilterChain chain = exchange -> Mono.deferContextual(ctx -> {
        idInContext.set(ctx.get(CorrelationWebFilter.CONTEXT_KEY));
        return Mono.empty();
    });

    private MockServerWebExchange run(String incomingId) {
        var request = MockServerHttpRequest.get("/deployments");
        if (incomingId != null) {
            request.header(CorrelationWebFilter.HEADER, incomingId);
        }
        var exchange = MockServerWebExchange.from(request);
        StepVerifier.create(filter.filter(exchange, chain)).verifyComplete();
        return exchange;
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc-123", "req_1.2:3", "0b9c6a1e-2f4d-4a8e-9d3c-7e6f5a4b3c2d"})
    void saneIncomingIdIsKeptEverywhere(String incoming) {
        var exchange = run(incoming);

        assertThat(exchange.getResponse().getHeaders().getFirst(CorrelationWebFilter.HEADER)).isEqualTo(incoming);
        assertThat(CorrelationWebFilter.correlationId(exchange)).isEqualTo(incoming);
        assertThat(idInContext).hasValue(incoming);
    }

    @Test
    void idOf128CharactersIsStillSane() {
        String longest = "a".repeat(128);

        assertThat(CorrelationWebFilter.correlationId(run(longest))).isEqualTo(longest);
    }

    static Stream<Arguments> insaneIds() {
        return Stream.of(
                Arguments.argumentSet("missing", (String) null),
                Arguments.argumentSet("empty", ""),
                Arguments.argumentSet("129 characters", "a".repeat(129)),
                Arguments.argumentSet("200 characters", "x".repeat(200)),
                Arguments.argumentSet("space", "abc 123"),
                Arguments.argumentSet("newline (log injection)", "abc\nFAKE LOG LINE"),
                Arguments.argumentSet("markup", "<script>"),
                Arguments.argumentSet("non-ASCII", "idé"));
    }

    @ParameterizedTest
    @MethodSource("insaneIds")
    void missingOrInsaneIdIsReplacedWithFreshUuid(String incoming) {
        var exchange = run(incoming);

        String id = CorrelationWebFilter.correlationId(exchange);
        assertThat(UUID.fromString(id)).hasToString(id);
        assertThat(exchange.getResponse().getHeaders().getFirst(CorrelationWebFilter.HEADER)).isEqualTo(id);
        assertThat(idInContext).hasValue(id);
    }

    @Test
    void eachRequestWithoutIdGetsItsOwn() {
        assertThat(CorrelationWebFilter.correlationId(run(null))).isNotEqualTo(CorrelationWebFilter.correlationId(run(null)));
    }

    @Test
    void noTraceparentWithoutTracer() {
        assertThat(run("abc").getResponse().getHeaders().getFirst("traceparent")).isNull();
    }
}
