package io.releasecontrol.runtime.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

/** ServiceClient against small WebFlux servers on 127.0.0.1, each answering its own name. */
class ServiceClientTest {

    private static final IdentityCodec CODEC = new IdentityCodec("service-client-test-secret", Duration.ofMinutes(5),
            Clock.systemUTC());
    // generous: a first call's connection and warm-up take a while on a busy machine
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final List<DisposableServer> servers = new ArrayList<>();
    private final AtomicInteger hits = new AtomicInteger();

    /** An answer the called service gives about the request (a 404 here), which is no outage. */
    static final class Refused extends RuntimeException {
        Refused() {
            super("refused", null, false, false);
        }
    }

    @AfterEach
    void stop() {
        servers.forEach(DisposableServer::disposeNow);
    }

    // one server: GET /name, /who (the verified caller), /slow, /fail (503), /refuse (404) and /echo/** (the raw path)
    private URI start(String name) {
        RouterFunction<ServerResponse> routes = RouterFunctions.route()
                .GET("/name", r -> ServerResponse.ok().bodyValue(name))
                .GET("/who", r -> {
                    String header = r.headers().firstHeader(IdentityCodec.HEADER);
                    if (header == null) {
                        return ServerResponse.ok().bodyValue("anonymous");
                    }
                    TrustedIdentity who = CODEC.verify(header);
                    return ServerResponse.ok().bodyValue(who.subject() + " " + who.roles());
                })
                .GET("/slow", r -> Mono.delay(Duration.ofSeconds(10)).then(ServerResponse.ok().bodyValue("late")))
                .GET("/fail", r -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).build())
                .GET("/refuse", r -> ServerResponse.status(HttpStatus.NOT_FOUND).build())
                .GET("/prefix/echo/**", r -> ServerResponse.ok().bodyValue(r.uri().getRawPath()))
                .filter((request, handler) -> {
                    hits.incrementAndGet();
                    return handler.handle(request);
                })
                .build();
        DisposableServer server = HttpServer.create().host("127.0.0.1").port(0)
                .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes))).bindNow();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private static ReactiveResilience4JCircuitBreakerFactory breakers() {
        return new ReactiveResilience4JCircuitBreakerFactory(CircuitBreakerRegistry.ofDefaults(),
                TimeLimiterRegistry.ofDefaults(), null, new Resilience4JConfigurationProperties());
    }

    private static ObjectProvider<IdentityCodec> identity(IdentityCodec codec) {
        StaticListableBeanFactory beans = codec == null ? new StaticListableBeanFactory()
                : new StaticListableBeanFactory(Map.of("identityCodec", codec));
        return beans.getBeanProvider(IdentityCodec.class);
    }

    private static ServiceClient client(List<URI> urls, IdentityCodec codec) {
        return client(urls, codec, TIMEOUT);
    }

    private static ServiceClient client(List<URI> urls, IdentityCodec codec, Duration timeout) {
        return new ServiceClient(breakers(), "some-service", urls, timeout,
                new ServiceClient.Caller("deploy-service", identity(codec)), Refused.class);
    }

    private static Mono<String> get(ServiceClient client, String path) {
        return client.call(web -> web.get().uri(path).retrieve().bodyToMono(String.class), Mono::error);
    }

    private static Mono<String> getOrRefuse(ServiceClient client, String path) {
        return client.call(web -> web.get().uri(path).exchangeToMono(r -> r.statusCode().equals(HttpStatus.NOT_FOUND)
                ? Mono.error(new Refused()) : r.bodyToMono(String.class)), Mono::error);
    }

    // who the server took the caller for, asked with the role's header
    private static Mono<String> who(ServiceClient client, String role) {
        return client.call(web -> web.get().uri("/who").headers(client.signedAs(role)).retrieve()
                .bodyToMono(String.class), Mono::error);
    }

    @Test
    void signsEveryRequestAsItsServiceWithTheRoleAsked() {
        ServiceClient client = client(List.of(start("a")), CODEC);

        StepVerifier.create(who(client, TrustedIdentity.DEPLOYER)).expectNext("deploy-service [deployer]")
                .verifyComplete();
    }

    @Test
    void sendsNoIdentityWhenNoSecretIsConfigured() {
        ServiceClient client = client(List.of(start("a")), null);

        StepVerifier.create(who(client, TrustedIdentity.VIEWER)).expectNext("anonymous").verifyComplete();
    }

    @Test
    void takesTheInstancesInTurn() {
        ServiceClient client = client(List.of(start("a"), start("b")), CODEC);

        // the instance is chosen when a call is subscribed, not when it is built
        Mono<String> once = get(client, "/name");
        StepVerifier.create(once.concatWith(once).concatWith(once).concatWith(once).collectList())
                .expectNext(List.of("a", "b", "a", "b")).verifyComplete();
    }

    @Test
    void requestsGoBelowTheInstancesUrlWithTheirVariablesEncoded() {
        URI base = URI.create(start("a") + "/prefix");
        ServiceClient client = client(List.of(base), CODEC);

        StepVerifier.create(client.call(web -> web.get().uri("/echo/{app}", "a b/c").retrieve().bodyToMono(String.class),
                Mono::error)).expectNext("/prefix/echo/a%20b%2Fc").verifyComplete();
    }

    @Test
    void aSlowAnswerIsATimeoutToTheFallback() {
        ServiceClient client = client(List.of(start("a")), CODEC, Duration.ofMillis(300));

        StepVerifier.create(client.call(web -> web.get().uri("/slow").retrieve().bodyToMono(String.class),
                e -> Mono.just(e instanceof TimeoutException ? client.describe(e) : "unexpected " + e)))
                .expectNext("no answer within PT0.3S").verifyComplete();
    }

    @Test
    void anErrorStatusIsSaidInAFewWords() {
        ServiceClient client = client(List.of(start("a")), CODEC);

        StepVerifier.create(get(client, "/fail")).expectErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(WebClientResponseException.class);
            assertThat(client.describe(e)).isEqualTo("answered 503");
        }).verify();
    }

    @Test
    void anUnreachableInstanceIsSaidWithItsAddress() {
        URI gone = start("gone");
        servers.remove(0).disposeNow();
        ServiceClient client = client(List.of(gone), CODEC);

        StepVerifier.create(get(client, "/name")).expectErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(WebClientRequestException.class);
            assertThat(client.describe(e)).startsWith("not reachable at " + gone + ": ");
        }).verify();
    }

    @Test
    void opensAfterFiveFailuresAndThenDoesNotCall() {
        ServiceClient client = client(List.of(start("a")), CODEC);
        for (int i = 0; i < 5; i++) {
            StepVerifier.create(get(client, "/fail")).expectError(WebClientResponseException.class).verify();
        }

        StepVerifier.create(get(client, "/name")).expectErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(CallNotPermittedException.class);
            assertThat(client.describe(e)).isEqualTo("circuit breaker open after repeated failures");
        }).verify();
        assertThat(hits).hasValue(5);
    }

    @Test
    void answersDoNotOpenTheBreaker() {
        ServiceClient client = client(List.of(start("a")), CODEC);
        for (int i = 0; i < 10; i++) {
            StepVerifier.create(getOrRefuse(client, "/refuse")).expectError(Refused.class).verify();
        }

        StepVerifier.create(get(client, "/name")).expectNext("a").verifyComplete();
        assertThat(hits).hasValue(11);
    }
}
