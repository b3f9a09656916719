package io.releasecontrol.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.gateway.GatewayITSupport;
import io.releasecontrol.gateway.support.DesignRoutes;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one OpenAPI document at the gateway: every DESIGN §10 route (here from the stub services'
 * own documents, fetched over HTTP), the gateway's API-key endpoints, and both security schemes.
 * The same check against the real services' springdoc belongs in e2e.
 */
@SuppressWarnings("unchecked")
class MergedOpenApiIT extends GatewayITSupport {

    @Test
    void documentsEveryRouteOfTheDesignWithTheSecuritySchemes() {
        Map<String, Object> doc = web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(doc.get("openapi")).isEqualTo("3.1.0");
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        assertThat(paths.keySet()).containsAll(DesignRoutes.ALL.stream().map(DesignRoutes.Endpoint::template).toList());
        assertThat(paths).containsKeys("/api/v1/admin/api-keys", "/api/v1/admin/api-keys/{id}");
        Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) doc.get("components")).get("securitySchemes");
        assertThat((Map<String, Object>) schemes.get("bearerJwt")).containsEntry("type", "http").containsEntry("scheme", "bearer");
        assertThat((Map<String, Object>) schemes.get("apiKey")).containsEntry("in", "header").containsEntry("name", "X-API-Key");
        // each stub, like a service, refuses a request without a verified identity: the gateway signs its fetches
        assertThat((Iterable<Map<String, Object>>) doc.get("x-rc-services"))
                .allSatisfy(s -> assertThat(s).containsEntry("status", "merged"))
                .hasSize(5);
    }

    @Test
    void theApiKeyEndpointsListNoInjectedCallerAsAParameter() {
        // springdoc took the injected Mono<Principal> for a required query parameter 'principal'
        Map<String, Object> doc = web.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
        var create = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/v1/admin/api-keys")).get("post");
        var revoke = (Map<String, Object>) ((Map<String, Object>) paths.get("/api/v1/admin/api-keys/{id}")).get("delete");
        assertThat(parameterNames(create)).doesNotContain("principal");
        assertThat(parameterNames(revoke)).containsExactly("id");
    }

    private static java.util.List<Object> parameterNames(Map<String, Object> operation) {
        var parameters = (java.util.List<Map<String, Object>>) operation.getOrDefault("parameters", java.util.List.of());
        return parameters.stream().map(p -> p.get("name")).toList();
    }

    @Test
    void swaggerUiIsServed() {
        web.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
        web.get().uri("/v3/api-docs/gateway/swagger-config").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.url").isEqualTo("/v3/api-docs");
    }
}
