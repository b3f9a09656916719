package io.releasecontrol.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class TrustedIdentityWebFilterTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private final IdentityCodec codec =
            new IdentityCodec("0123456789abcdef-shared", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    private final AtomicBoolean chainCalled = new AtomicBoolean();
    private final WebFilterChain chain = exchange -> {
        chainCalled.set(true);
        return Mono.empty();
    };

    private static MockServerWebExchange request(String identityHeader) {
        var request = MockServerHttpRequest.get("/deployments");
        if (identityHeader != null) {
            request.header(IdentityCodec.HEADER, identityHeader);
        }
        return MockServerWebExchange.from(request);
    }

    @Test
    void requestWithoutHeaderPassesAnonymously() {
        var exchange = request(null);

        StepVerifier.create(new TrustedIdentityWebFilter(codec).filter(exchange, chain)).verifyComplete();

        assertThat(chainCalled).isTrue();
        assertThat(TrustedIdentityWebFilter.identity(exchange)).isEmpty();
    }

    @Test
    void requestWithoutHeaderPassesEvenWithoutSecret() {
        StepVerifier.create(new TrustedIdentityWebFilter(null).filter(request(null), chain)).verifyComplete();

        assertThat(chainCalled).isTrue();
    }

    @Test
    void validHeaderMakesIdentityAvailableToHandlers() {
        var exchange = request(codec.sign("alice", List.of("deployer")));

        StepVerifier.create(new TrustedIdentityWebFilter(codec).filter(exchange, chain)).verifyComplete();

        assertThat(chainCalled).isTrue();
        assertThat(TrustedIdentityWebFilter.identity(exchange)).hasValueSatisfying(identity -> {
            assertThat(identity.subject()).isEqualTo("alice");
            assertThat(identity.hasRole(TrustedIdentity.DEPLOYER)).isTrue();
        });
    }

    @Test
    void forgedHeaderIsRejectedWithoutReachingTheHandler() {
        var forger = new IdentityCodec("not-the-shared-secret", Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
        var exchange = request(forger.sign("mallory", List.of("admin")));

        StepVerifier.create(new TrustedIdentityWebFilter(codec).filter(exchange, chain))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProblemException.class)
                            .hasMessage("identity header signature does not verify");
                    assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.IDENTITY_REJECTED);
                })
                .verify();

        assertThat(chainCalled).isFalse();
        assertThat(TrustedIdentityWebFilter.identity(exchange)).isEmpty();
    }

    @Test
    void anyHeaderIsRejectedWhenNoSecretIsConfigured() {
        var exchange = request(codec.sign("alice", List.of("viewer")));

        StepVerifier.create(new TrustedIdentityWebFilter(null).filter(exchange, chain))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProblemException.class).hasMessageContaining("RC_IDENTITY_SECRET");
                    assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.IDENTITY_REJECTED);
                })
                .verify();

        assertThat(chainCalled).isFalse();
    }
}
