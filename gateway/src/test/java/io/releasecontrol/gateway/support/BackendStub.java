package io.releasecontrol.gateway.support;

import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.identity.TrustedIdentityWebFilter;
import io.releasecontrol.runtime.problem.ProblemWebExceptionHandler;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for a service on a real port of 127.0.0.1. Like a real service it runs the shared
 * runtime's {@link TrustedIdentityWebFilter} (a forged identity header is answered 401, a request
 * without one too, except on deploy-service's anonymous paths: probes and the git webhook) and
 * renders errors as problem+json. It answers every request with an echo of what it received (including the
 * identity it verified), serves a small {@code /v3/api-docs} naming its paths, streams SSE on
 * {@code .../logs} and sleeps first on {@code ?delayMs=}.
 */
public final class BackendStub implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** deploy-service's rc.identity.anonymous-paths, the widest of any service's */
    private static final List<String> ANONYMOUS_PATHS = List.of("/actuator/health", "/actuator/health/**",
            "/actuator/prometheus", "/api/v1/hooks/git");

    private final String name;
    private final List<String> documentedPaths;
    private final DisposableServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private BackendStub(String name, List<String> documentedPaths) {
        this.name = name;
        this.documentedPaths = documentedPaths;
        var codec = new IdentityCodec(RcInfrastructureInitializer.TEST_IDENTITY_SECRET, Duration.ofMinutes(5), Clock.systemUTC());
        var handler = WebHttpHandlerBuilder.webHandler(this::handle)
                .filter(new TrustedIdentityWebFilter(codec, ANONYMOUS_PATHS))
                .exceptionHandler(new ProblemWebExceptionHandler())
                .build();
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
    }

    public static BackendStub start(String name, List<String> documentedPaths) {
        return new BackendStub(name, documentedPaths);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    public int requests() {
        return requests.get();
    }

    private Mono<Void> handle(ServerWebExchange exchange) {
        requests.incrementAndGet();
        var request = exchange.getRequest();
        String path = request.getPath().value();
        if (path.equals("/v3/api-docs")) {
            return json(exchange, apiDocs());
        }
        if (path.endsWith("/logs") && request.getHeaders().getAccept().contains(MediaType.TEXT_EVENT_STREAM)) {
            return sse(exchange);
        }
        String delay = request.getQueryParams().getFirst("delayMs");
        Mono<Void> wait = delay == null ? Mono.empty() : Mono.delay(Duration.ofMillis(Long.parseLong(delay))).then();
        return wait.then(DataBufferUtils.join(exchange.getRequest().getBody())
                .map(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> {
                    Map<String, Object> echo = new LinkedHashMap<>();
                    echo.put("service", name);
                    echo.put("method", request.getMethod().name());
                    echo.put("path", path);
                    echo.put("bodyBytes", body.length);
                    echo.put("body", new String(body, StandardCharsets.UTF_8));
                    echo.put("hubSignature", request.getHeaders().getFirst("X-Hub-Signature-256"));
                    TrustedIdentityWebFilter.identity(exchange).ifPresent(id -> {
                        echo.put("subject", id.subject());
                        echo.put("roles", id.roles());
                    });
                    echo.put("identityHeader", request.getHeaders().getFirst(IdentityCodec.HEADER));
                    echo.put("apiKeyHeader", request.getHeaders().getFirst("X-API-Key"));
                    echo.put("authorizationHeader", request.getHeaders().getFirst("Authorization"));
                    echo.put("correlationId", request.getHeaders().getFirst("X-Correlation-Id"));
                    echo.put("traceparent", request.getHeaders().getFirst("traceparent"));
                    return json(exchange, echo);
                }));
    }

    private Map<String, Object> apiDocs() {
        Map<String, Object> paths = new LinkedHashMap<>();
        for (String p : documentedPaths) {
            paths.put(p, Map.of("get", Map.of("operationId", name + p.replaceAll("[^a-zA-Z]", "_"),
                    "responses", Map.of("200", Map.of("description", "ok")))));
        }
        return Map.of("openapi", "3.1.0", "info", Map.of("title", name, "version", "test"), "paths", paths,
                "components", Map.of("schemas", Map.of("Problem", Map.of("type", "object"),
                        name.replace("-", "") + "Thing", Map.of("type", "object"))),
                "tags", List.of(Map.of("name", name)));
    }

    private static Mono<Void> sse(ServerWebExchange exchange) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
        // six lines 700 ms apart (3.5 s): the first must reach the caller long before the last is written
        return response.writeAndFlushWith(Flux.interval(Duration.ZERO, Duration.ofMillis(700)).take(6)
                .map(i -> Mono.just(response.bufferFactory().wrap(
                        ("id: " + i + "\ndata: line " + i + " at " + System.currentTimeMillis() + "\n\n").getBytes(StandardCharsets.UTF_8)))));
    }

    private static Mono<Void> json(ServerWebExchange exchange, Object body) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(JSON.writeValueAsBytes(body))));
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
