package io.releasecontrol.metrics.ownership;

import io.releasecontrol.events.TargetKey;
import io.releasecontrol.runtime.identity.IdentityCodec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The read endpoints that answer from the live windows ({@code GET /api/v1/metrics/health},
 * {@code compare}, {@code gate}) are answered by the instance that owns the target's partition: an
 * instance that does not hold it forwards the request, as it came (the caller's verified identity
 * header, path and query), to the owner {@link PartitionOwners} names and relays the answer. A
 * forwarded request is always answered where it lands ({@link #FORWARDED}), so two instances with
 * different views never bounce it. The owner unreachable → 503 {@code service-unavailable} (the
 * request may be retried once the partition's new owner took over). When no owner is recorded, or it
 * is this instance, the request is answered here.
 */
public class OwnerForwardingWebFilter implements WebFilter, Ordered {

    /** set on a forwarded request: the instance it came from */
    public static final String FORWARDED = "X-RC-Forwarded-By";
    private static final Logger log = LoggerFactory.getLogger(OwnerForwardingWebFilter.class);
    private static final Set<String> PATHS = Set.of("/api/v1/metrics/health", "/api/v1/metrics/compare",
            "/api/v1/metrics/gate");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final PartitionOwnership ownership;
    private final PartitionOwners owners;
    private final TargetPartitions partitions;
    private final SelfAddress self;
    private final WebClient web;

    public OwnerForwardingWebFilter(PartitionOwnership ownership, PartitionOwners owners, TargetPartitions partitions,
            SelfAddress self, WebClient.Builder web) {
        this.ownership = ownership;
        this.owners = owners;
        this.partitions = partitions;
        this.self = self;
        this.web = web.build();
    }

    @Override
    public int getOrder() {
        // after the identity is verified (an unverified caller is refused here, not forwarded)
        return Ordered.LOWEST_PRECEDENCE - 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getMethod() != HttpMethod.GET || !PATHS.contains(request.getPath().pathWithinApplication().value())
                || request.getHeaders().getFirst(FORWARDED) != null) {
            return chain.filter(exchange);
        }
        Optional<String> key = targetKey(request);
        if (key.isEmpty()) {
            return chain.filter(exchange); // the handler names the bad parameter
        }
        return partitions.partitionOf(key.get())
                .flatMap(p -> ownership.owns(p) ? Mono.just(Optional.<String>empty()) : owners.ownerOf(p))
                .flatMap(owner -> owner.filter(url -> !url.equals(self.url()))
                        .map(url -> forward(exchange, url))
                        .orElseGet(() -> chain.filter(exchange)));
    }

    private static Optional<String> targetKey(ServerHttpRequest request) {
        String application = request.getQueryParams().getFirst("application");
        String environment = request.getQueryParams().getFirst("environment");
        try {
            return Optional.of(TargetKey.of(application, environment));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Mono<Void> forward(ServerWebExchange exchange, String owner) {
        ServerHttpRequest request = exchange.getRequest();
        String query = request.getURI().getRawQuery();
        String uri = owner + request.getPath().value() + (query == null ? "" : "?" + query);
        ServerHttpResponse response = exchange.getResponse();
        return web.get().uri(java.net.URI.create(uri))
                .headers(h -> {
                    copy(request.getHeaders(), h, IdentityCodec.HEADER);
                    copy(request.getHeaders(), h, HttpHeaders.ACCEPT);
                    copy(request.getHeaders(), h, "traceparent");
                    h.set(FORWARDED, self.url());
                })
                .exchangeToMono(answer -> {
                    response.setStatusCode(answer.statusCode());
                    answer.headers().contentType().ifPresent(response.getHeaders()::setContentType);
                    // what a caller acts on: when to ask again (a 503 or 429 of the owner), and caching
                    for (String name : RELAYED) {
                        copy(answer.headers().asHttpHeaders(), response.getHeaders(), name);
                    }
                    Flux<DataBuffer> body = answer.bodyToFlux(DataBuffer.class);
                    return response.writeWith(body);
                })
                .timeout(TIMEOUT)
                .doOnError(e -> log.warn("could not forward {} to {}, the owner of its target's partition: {}",
                        request.getPath(), owner, e.toString()));
    }

    /** the owner's answer headers relayed besides its content type */
    private static final List<String> RELAYED = List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.CACHE_CONTROL,
            HttpHeaders.ETAG);

    private static void copy(HttpHeaders from, HttpHeaders to, String name) {
        String value = from.getFirst(name);
        if (value != null) {
            to.set(name, value);
        }
    }
}
