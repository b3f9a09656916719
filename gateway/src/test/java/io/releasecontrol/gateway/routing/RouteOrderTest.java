package io.releasecontrol.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A more specific path of one service wins over another service's wider pattern, whatever their names. */
class RouteOrderTest {

    @Test
    void theAnalysisPolicyPathGoesToMetricsServiceBeforeVersionServicesApplications() {
        Map<String, Integer> order = RouteOrder.of(Map.of(
                "version-service", List.of("/api/v1/applications", "/api/v1/applications/**", "/api/v1/stats/**"),
                "metrics-service", List.of("/api/v1/metrics/**", "/api/v1/rules", "/api/v1/rules/**",
                        "/api/v1/applications/*/analysis"),
                "deploy-service", List.of("/api/v1/deployments", "/api/v1/deployments/**")));

        assertThat(order.get("metrics-service")).isLessThan(order.get("version-service"));
        // services whose paths do not overlap keep the default
        assertThat(order.get("deploy-service")).isZero();
        assertThat(order.get("version-service")).isZero();
    }

    @Test
    void aServiceNamedToSortFirstStillYieldsToTheMoreSpecificPath() {
        // "a-wide" would come first alphabetically; its wider pattern must not catch b-narrow's path
        Map<String, Integer> order = RouteOrder.of(Map.of("a-wide", List.of("/api/v1/things/**"),
                "b-narrow", List.of("/api/v1/things/*/special")));

        assertThat(order.get("b-narrow")).isLessThan(order.get("a-wide"));
    }

    @Test
    void patternsDoNotShadowThemselvesOrDisjointOnes() {
        assertThat(RouteOrder.shadows(List.of("/api/v1/rules/**"), List.of("/api/v1/rules/**"))).isFalse();
        // a service is never ordered against itself, though its own patterns overlap
        assertThat(RouteOrder.of(java.util.Map.of("s", List.of("/a", "/a/**")))).containsEntry("s", 0);
        assertThat(RouteOrder.shadows(List.of("/api/v1/rules/**"), List.of("/api/v1/metrics/**"))).isFalse();
        assertThat(RouteOrder.shadows(List.of("/api/v1/applications/**"), List.of("/api/v1/applications/*/analysis")))
                .isTrue();
        assertThat(RouteOrder.shadows(List.of("/api/v1/applications/*/analysis"), List.of("/api/v1/applications/**")))
                .isFalse();
    }
}
