package io.releasecontrol.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ServiceUnavailableFallbackTest {

    @Test
    void explainsWhyInWordsACallerUnderstands() {
        assertThat(ServiceUnavailableFallback.reason(new RuntimeException(new ConnectException("refused")))).isEqualTo("connection refused");
        assertThat(ServiceUnavailableFallback.reason(new TimeoutException())).isEqualTo("no answer within the timeout");
        assertThat(ServiceUnavailableFallback.reason(CallNotPermittedException.createCallNotPermittedException(
                CircuitBreaker.ofDefaults("x")))).isEqualTo("circuit open after repeated failures, retry later");
        assertThat(ServiceUnavailableFallback.reason(new IllegalStateException("boom"))).isEqualTo("request failed (IllegalStateException)");
        assertThat(ServiceUnavailableFallback.reason(null)).isEqualTo("no answer");
    }
}
