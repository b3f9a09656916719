package io.releasecontrol.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class OpenApiMergerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static JsonNode doc(String json) {
        return JSON.readTree(json.replace('\'', '"'));
    }

    @Test
    void unionOfPathsAndComponentsFirstDefinitionWins() {
        var a = doc("{'openapi':'3.1.0','paths':{'/a':{'get':{}}},'components':{'schemas':{'Problem':{'title':'from a'},'A':{}}},"
                + "'tags':[{'name':'shared'}]}");
        var b = doc("{'openapi':'3.0.1','paths':{'/b':{'post':{}},'/a':{'put':{}}},"
                + "'components':{'schemas':{'Problem':{'title':'from b'},'B':{}},'parameters':{'page':{}}},'tags':[{'name':'shared'},{'name':'b'}]}");
        var merged = OpenApiMerger.merge(List.of(OpenApiMerger.Source.of("a", a), OpenApiMerger.Source.of("b", b)), "1.0");

        assertThat(merged.path("openapi").asString()).isEqualTo("3.1.0");
        assertThat(merged.path("paths").propertyNames()).containsExactlyInAnyOrder("/a", "/b");
        // a path owned by one service is not mixed with another's
        assertThat(merged.path("paths").path("/a").has("put")).isFalse();
        assertThat(merged.path("components").path("schemas").path("Problem").path("title").asString()).isEqualTo("from a");
        assertThat(merged.path("components").path("schemas").propertyNames()).contains("A", "B");
        assertThat(merged.path("components").path("parameters").has("page")).isTrue();
        assertThat(merged.path("tags")).hasSize(2);
    }

    @Test
    void anOperationIdTwoServicesUseGetsItsServicesNameAndTheOthersStay() {
        var deploy = doc("{'paths':{'/api/v1/deployments':{'get':{'operationId':'list'},'post':{'operationId':'create'}}}}");
        var rollbacks = doc("{'paths':{'/api/v1/rollbacks':{'get':{'operationId':'list'},'parameters':[]},"
                + "'/api/v1/rollbacks/{id}':{'get':{'operationId':'rollback'}}}}");
        var merged = OpenApiMerger.merge(List.of(OpenApiMerger.Source.of("deploy-service", deploy),
                OpenApiMerger.Source.of("rollback-orchestrator", rollbacks)), "1.0");

        var paths = merged.path("paths");
        assertThat(paths.path("/api/v1/deployments").path("get").path("operationId").asString()).isEqualTo("deployServiceList");
        assertThat(paths.path("/api/v1/rollbacks").path("get").path("operationId").asString())
                .isEqualTo("rollbackOrchestratorList");
        // unique ones are kept as the service wrote them
        assertThat(paths.path("/api/v1/deployments").path("post").path("operationId").asString()).isEqualTo("create");
        assertThat(paths.path("/api/v1/rollbacks/{id}").path("get").path("operationId").asString()).isEqualTo("rollback");
        // the service's own document is not changed
        assertThat(deploy.path("paths").path("/api/v1/deployments").path("get").path("operationId").asString()).isEqualTo("list");
    }

    @Test
    void addsSecuritySchemesAndListsMissingServices() {
        var merged = OpenApiMerger.merge(List.of(OpenApiMerger.Source.missing("x", "connection refused")), "1.0");
        assertThat(merged.path("components").path("securitySchemes").path("bearerJwt").path("scheme").asString()).isEqualTo("bearer");
        assertThat(merged.path("components").path("securitySchemes").path("apiKey").path("name").asString()).isEqualTo("X-API-Key");
        assertThat(merged.path("security")).hasSize(2);
        assertThat(merged.path("x-rc-services").get(0).path("status").asString()).isEqualTo("unavailable");
        assertThat(merged.path("x-rc-services").get(0).path("detail").asString()).isEqualTo("connection refused");
    }
}
