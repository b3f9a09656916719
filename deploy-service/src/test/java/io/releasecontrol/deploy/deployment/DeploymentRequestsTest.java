package io.releasecontrol.deploy.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A create request built in code is the request a client would have sent with the same fields. */
class DeploymentRequestsTest {

    @Test
    void theBuilderPutsEveryFieldInItsPlace() {
        var canary = new DeploymentRequests.Canary(List.of(10, 100), "PT30S", null);
        var options = new DeploymentRequests.Options(true, false, "why", List.of("V7"));
        // every field set and told apart, so a swap in the builder shows
        var built = DeploymentRequests.Create.builder().application("shop").environment("prod").version("1.0.0")
                .branch("main").commit("3f2a9c1").strategy("canary").canary(canary).executor("script")
                .options(options).rollbackOf("r-1").repair(true).hotfix(false).reason("cve")
                .scheduledAt("2026-12-01T10:00:00Z").build();
        assertThat(built).isEqualTo(new DeploymentRequests.Create("shop", "prod", "1.0.0", "main", "3f2a9c1",
                "canary", canary, "script", options, "r-1", true, false, "cve", "2026-12-01T10:00:00Z"));
    }

    @Test
    void whatTheBuilderIsNotToldStaysAbsent() {
        // absent, not defaulted: the request's defaults apply as for a client's request
        assertThat(DeploymentRequests.Create.builder().application("shop").build())
                .hasAllNullFieldsOrPropertiesExcept("application");
    }
}
