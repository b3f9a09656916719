package io.releasecontrol.gateway.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.gateway.GatewayITSupport;
import io.releasecontrol.gateway.support.GatewayTestStack;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

/** API keys through the admin API: created (shown once), listed (never shown), used, revoked. */
@SuppressWarnings("unchecked")
class ApiKeyAdminIT extends GatewayITSupport {

    @Autowired
    DatabaseClient db;

    @Test
    void createListUseAndRevoke() {
        String name = "ci-bot-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> created = web.post().uri("/api/v1/admin/api-keys").header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", name, "role", "deployer"))
                .exchange().expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/v1/admin/api-keys/[0-9a-f-]{36}")
                .expectBody(Map.class).returnResult().getResponseBody();
        String key = (String) created.get("key");
        String id = (String) created.get("id");
        assertThat(key).startsWith("rck_").hasSizeGreaterThan(40);
        assertThat(created).containsEntry("name", name).containsEntry("role", "deployer")
                .containsEntry("createdBy", "bootstrap-admin").containsEntry("prefix", key.substring(0, 10));

        // only the hash is stored
        String stored = db.sql("SELECT key_hash FROM api_key WHERE id = :id").bind("id", UUID.fromString(id))
                .map(r -> r.get("key_hash", String.class)).one().block();
        assertThat(stored).isEqualTo(ApiKeyHasher.sha256(key)).doesNotContain(key);

        Map<String, Object> page = web.get().uri("/api/v1/admin/api-keys?size=200").header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertThat(items).anySatisfy(k -> assertThat(k).containsEntry("id", id).containsEntry("name", name)
                .doesNotContainKey("key").doesNotContainKey("keyHash"));
        assertThat(page).containsKeys("page", "size", "total");

        // the new key works with its role
        web.post().uri("/api/v1/deployments").header("X-API-Key", key).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.subject").isEqualTo(name);

        web.delete().uri("/api/v1/admin/api-keys/" + id).header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .exchange().expectStatus().isNoContent();
        web.get().uri("/api/v1/deployments").header("X-API-Key", key).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("API key is unknown or revoked");
        web.delete().uri("/api/v1/admin/api-keys/" + id).header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .exchange().expectStatus().isEqualTo(409);
        web.get().uri("/api/v1/admin/api-keys?includeRevoked=true&size=200").header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[?(@.id == '" + id + "')].revokedBy").isEqualTo(List.of("bootstrap-admin"));
        // the name is free again once its key is revoked
        web.post().uri("/api/v1/admin/api-keys").header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", name, "role", "viewer"))
                .exchange().expectStatus().isCreated();
    }

    @Test
    void refusesInvalidRequestsWithProblems() {
        web.post().uri("/api/v1/admin/api-keys").header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "Bad Name!", "role", "viewer"))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                .jsonPath("$.errors[0].field").isEqualTo("name");
        web.post().uri("/api/v1/admin/api-keys").header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", "good-name", "role", "root"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("role");
        String dup = "dup-" + UUID.randomUUID().toString().substring(0, 8);
        for (int status : new int[] {201, 409}) {
            web.post().uri("/api/v1/admin/api-keys").header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("name", dup, "role", "viewer"))
                    .exchange().expectStatus().isEqualTo(status);
        }
        web.delete().uri("/api/v1/admin/api-keys/" + UUID.randomUUID()).header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/not-found");
        web.get().uri("/api/v1/admin/api-keys?size=0").header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void onlyAdminsManageKeys() {
        String deployer = web.post().uri("/api/v1/admin/api-keys").header("X-API-Key", GatewayTestStack.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "deployer-" + UUID.randomUUID().toString().substring(0, 8), "role", "deployer"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("key").toString();
        web.get().uri("/api/v1/admin/api-keys").header("X-API-Key", deployer).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.requiredRole").isEqualTo("admin");
        web.get().uri("/api/v1/admin/api-keys").exchange().expectStatus().isUnauthorized();
        // a JWT admin may too
        web.get().uri("/api/v1/admin/api-keys")
                .header("Authorization", "Bearer " + GatewayTestStack.jwts().token("ops@example.com", List.of("admin")))
                .exchange().expectStatus().isOk();
    }
}
