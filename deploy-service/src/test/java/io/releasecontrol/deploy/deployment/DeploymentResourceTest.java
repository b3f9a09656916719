package io.releasecontrol.deploy.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The resource's builder: every field in its place, and the JSON still the record's components. */
class DeploymentResourceTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Every field set and told apart, so a swap in the builder shows. */
    private static DeploymentResource.Builder full() {
        return DeploymentResource.builder().id("d-1").application("shop").environment("prod").version("2.4.0")
                .previousVersion("2.3.1").strategy("canary").executor("script").status("RUNNING").progress(40)
                .currentStep("canary 10%").traffic(Map.of("stable", 90, "canary", 10))
                .canary(new DeploymentResource.CanaryView(List.of(10, 100), "PT30S", false)).routing(null)
                .requestedBy("alice").rollbackOf("r-1").sagaId("s-1").sequence(7).options(Map.of("skipBuild", false))
                .failureReason("why").exitCode(3).createdAt(T0).startedAt(T0.plusSeconds(1))
                .completedAt(T0.plusSeconds(2)).duration("PT1S").hotfix(true).hotfixReason("cve")
                .scheduledAt(T0.plusSeconds(3)).approval(null).checklist(null)
                .links(Map.of("self", "/api/v1/deployments/d-1"));
    }

    @Test
    void theBuilderPutsEveryFieldInItsPlace() {
        assertThat(full().build()).isEqualTo(new DeploymentResource("d-1", "shop", "prod", "2.4.0", "2.3.1", "canary",
                "script", "RUNNING", 40, "canary 10%", Map.of("stable", 90, "canary", 10),
                new DeploymentResource.CanaryView(List.of(10, 100), "PT30S", false), null, "alice", "r-1", "s-1", 7,
                Map.of("skipBuild", false), "why", 3, T0, T0.plusSeconds(1), T0.plusSeconds(2), "PT1S", true, "cve",
                T0.plusSeconds(3), null, null, Map.of("self", "/api/v1/deployments/d-1")));
    }

    @Test
    void theJsonHasTheRecordsFieldsAndNoMore() {
        String json = JsonMapper.builder().build().writeValueAsString(full().build());
        Map<String, Object> fields = JsonMapper.builder().build().readValue(json, new TypeReference<>() {
        });
        // the builder is no property: the API shows what it showed before
        assertThat(fields.keySet()).containsExactlyInAnyOrderElementsOf(Arrays.stream(
                DeploymentResource.class.getRecordComponents()).map(RecordComponent::getName).toList());
    }
}
