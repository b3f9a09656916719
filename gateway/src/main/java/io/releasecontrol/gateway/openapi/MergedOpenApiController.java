package io.releasecontrol.gateway.openapi;

import io.releasecontrol.gateway.routing.ServiceRegistryProperties;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.swagger.v3.oas.annotations.Hidden;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /v3/api-docs}: the one OpenAPI 3.1 document of the whole API, merged on each request
 * from every service's {@code /v3/api-docs} (asked in parallel, each with a short timeout; a service
 * that does not answer is listed under {@code x-rc-services} and the rest is still served) and the
 * gateway's own endpoints (springdoc, {@code /v3/api-docs/gateway}). The services answer only a
 * verified caller, so each service's document is asked for with the gateway's own signed identity
 * (subject {@value #SUBJECT}, no role: a document needs none).
 */
@Hidden
@RestController
class MergedOpenApiController {

    private static final Duration OWN_TIMEOUT = Duration.ofSeconds(30);
    static final String SUBJECT = "gateway-openapi";
    private static final Logger log = LoggerFactory.getLogger(MergedOpenApiController.class);

    private final ServiceRegistryProperties registry;
    private final ObjectProvider<IdentityCodec> identity;
    private final WebClient http;
    private final Duration timeout;
    private final String version;
    private volatile int localPort;
    /** The gateway's own part never changes while it runs; springdoc builds it slowly the first time. */
    private volatile OpenApiMerger.Source own;

    MergedOpenApiController(ServiceRegistryProperties registry, ObjectProvider<IdentityCodec> identity,
                            @Value("${rc.gateway.openapi.timeout:PT3S}") Duration timeout,
                            @Value("${rc.gateway.openapi.version:0.1.0}") String version) {
        this.registry = registry;
        this.identity = identity;
        this.http = WebClient.builder().build();
        this.timeout = timeout;
        this.version = version;
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            localPort = event.getWebServer().getPort();
        }
    }

    @GetMapping(path = "/v3/api-docs", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ObjectNode> apiDocs() {
        List<Mono<OpenApiMerger.Source>> fetches = new ArrayList<>();
        fetches.add(own != null ? Mono.just(own)
                : fetch("gateway", "http://127.0.0.1:" + localPort + "/v3/api-docs/gateway", OWN_TIMEOUT, false)
                        .doOnNext(source -> {
                            if (source.document() != null) {
                                own = source;
                            }
                        }));
        for (Map.Entry<String, ServiceRegistryProperties.Service> e : registry.services().entrySet()) {
            String base = e.getValue().urls().get(0).toString().replaceAll("/+$", "");
            fetches.add(fetch(e.getKey(), base + "/v3/api-docs", timeout, true));
        }
        return Flux.mergeSequential(fetches).collectList().map(sources -> OpenApiMerger.merge(sources, version));
    }

    private Mono<OpenApiMerger.Source> fetch(String service, String url, Duration timeout, boolean signed) {
        return http.get().uri(url).accept(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    IdentityCodec codec = identity.getIfAvailable();
                    if (signed && codec != null) {
                        h.set(IdentityCodec.HEADER, codec.sign(SUBJECT, List.of()));
                    }
                })
                .retrieve().bodyToMono(JsonNode.class)
                .timeout(timeout)
                .map(doc -> OpenApiMerger.Source.of(service, doc))
                .onErrorResume(e -> {
                    log.warn("OpenAPI document of {} unavailable at {}: {}", service, url, e.toString());
                    return Mono.just(OpenApiMerger.Source.missing(service, e.getClass().getSimpleName() + ": " + e.getMessage()));
                });
    }
}
