package io.releasecontrol.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.config.PropertyDefaults;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
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
        return request("/api/v1/deployments", identityHeader);
    }

    private static MockServerWebExchange request(String path, String identityHeader) {
        // sent as written: get(String) would encode a '%' once more
        var request = MockServerHttpRequest.method(HttpMethod.GET, URI.create(path));
        if (identityHeader != null) {
            request.header(IdentityCodec.HEADER, identityHeader);
        }
        return MockServerWebExchange.from(request);
    }

    private TrustedIdentityWebFilter filter(IdentityCodec codec) {
        return new TrustedIdentityWebFilter(codec, PropertyDefaults.of(IdentityProperties.class).anonymousPaths());
    }

    @Test
    void requestWithoutHeaderIsUnauthenticatedWithoutReachingTheHandler() {
        var exchange = request(null);

        StepVerifier.create(filter(codec).filter(exchange, chain))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProblemException.class).hasMessageContaining(IdentityCodec.HEADER);
                    assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.UNAUTHENTICATED);
                })
                .verify();

        assertThat(chainCalled).isFalse();
    }

    // probes and the Prometheus scraper carry no identity
    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
            "/actuator/prometheus"})
    void anonymousPathsPassWithoutHeader(String path) {
        var exchange = request(path, null);

        StepVerifier.create(filter(codec).filter(exchange, chain)).verifyComplete();

        assertThat(chainCalled).isTrue();
        assertThat(TrustedIdentityWebFilter.identity(exchange)).isEmpty();
    }

    // near misses of an anonymous path: another endpoint, a dot segment climbing out, an encoded spelling of one
    @ParameterizedTest
    @ValueSource(strings = {"/actuator/info", "/actuator/healthx", "/actuator/prometheus/x",
            "/actuator/health/../../api/v1/deployments", "/actuator/health/%2E%2E/%2E%2E/api/v1/deployments",
            "/actuator/health/%2e%2e/prometheus/../../api/v1/deployments", "/api/v1/deployments/actuator/health",
            "/v3/api-docs"})
    void otherPathsNeedAnIdentity(String path) {
        StepVerifier.create(filter(codec).filter(request(path, null), chain))
                .expectErrorSatisfies(e -> assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.UNAUTHENTICATED))
                .verify();

        assertThat(chainCalled).isFalse();
    }

    @Test
    void anEncodedSpellingOfAnAnonymousPathIsThatPath() {
        // the handler mapping decodes the same way, so this is the health endpoint
        StepVerifier.create(filter(codec).filter(request("/actuator/h%65alth", null), chain)).verifyComplete();

        assertThat(chainCalled).isTrue();
    }

    @Test
    void aDotSegmentThatStaysInsideAnAnonymousPathIsHarmless() {
        StepVerifier.create(filter(codec).filter(request("/actuator/health/./liveness", null), chain)).verifyComplete();
    }

    @Test
    void everyPathAnonymousLetsEvenDotSegmentsThroughToWhatComesNext() {
        // the gateway's setting: its own security (and firewall) decides on every path
        var gateway = new TrustedIdentityWebFilter(codec, List.of("/**"));

        StepVerifier.create(gateway.filter(request("/api/v1/deployments/../admin", null), chain)).verifyComplete();
    }

    @Test
    void configuredAnonymousPathsReplaceTheDefault() {
        var hooksOnly = new TrustedIdentityWebFilter(codec, List.of("/api/v1/hooks/git"));

        StepVerifier.create(hooksOnly.filter(request("/api/v1/hooks/git", null), chain)).verifyComplete();
        StepVerifier.create(hooksOnly.filter(request("/actuator/health", null), chain)).verifyError(ProblemException.class);
    }

    @Test
    void anonymousPathPassesEvenWithoutSecret() {
        StepVerifier.create(filter(null).filter(request("/actuator/health", null), chain)).verifyComplete();

        assertThat(chainCalled).isTrue();
    }

    @Test
    void validHeaderMakesIdentityAvailableToHandlers() {
        var exchange = request(codec.sign("alice", List.of("deployer")));

        StepVerifier.create(filter(codec).filter(exchange, chain)).verifyComplete();

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

        StepVerifier.create(filter(codec).filter(exchange, chain))
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

        StepVerifier.create(filter(null).filter(exchange, chain))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProblemException.class).hasMessageContaining("RC_IDENTITY_SECRET");
                    assertThat(((ProblemException) e).type()).isEqualTo(ProblemType.IDENTITY_REJECTED);
                })
                .verify();

        assertThat(chainCalled).isFalse();
    }
}
