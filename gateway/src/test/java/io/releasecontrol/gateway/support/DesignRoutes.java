package io.releasecontrol.gateway.support;

import java.util.List;
import org.springframework.http.HttpMethod;

/**
 * Every endpoint of DESIGN §10 with the role it needs and the service that answers it: the one
 * fixture the security matrix, the routing and the OpenAPI completeness tests share.
 */
public final class DesignRoutes {

    public static final String VERSION = "version-service";
    public static final String DEPLOY = "deploy-service";
    public static final String METRICS = "metrics-service";
    public static final String ROLLBACK = "rollback-orchestrator";

    /** @param template the path as OpenAPI writes it; @param sample a concrete path to call */
    public record Endpoint(HttpMethod method, String template, String sample, String role, String service) {
        @Override
        public String toString() {
            return method + " " + template + " (" + role + ")";
        }
    }

    public static final List<Endpoint> ALL = List.of(
            e(HttpMethod.POST, "/api/v1/applications", "deployer", VERSION),
            e(HttpMethod.GET, "/api/v1/applications", "viewer", VERSION),
            e(HttpMethod.GET, "/api/v1/applications/{app}", "viewer", VERSION),
            e(HttpMethod.POST, "/api/v1/applications/{app}/versions", "deployer", VERSION),
            e(HttpMethod.GET, "/api/v1/applications/{app}/versions", "viewer", VERSION),
            e(HttpMethod.GET, "/api/v1/applications/{app}/versions/{version}", "viewer", VERSION),
            e(HttpMethod.POST, "/api/v1/applications/{app}/versions/{version}/changes", "deployer", VERSION),
            e(HttpMethod.GET, "/api/v1/applications/{app}/environments/{env}", "viewer", VERSION),
            e(HttpMethod.PUT, "/api/v1/applications/{app}/environments/{env}/current", "admin", VERSION),
            e(HttpMethod.GET, "/api/v1/applications/{app}/upgrades", "viewer", VERSION),
            e(HttpMethod.GET, "/api/v1/applications/{app}/compatibility", "viewer", VERSION),
            e(HttpMethod.GET, "/api/v1/stats/delivery", "viewer", VERSION),
            e(HttpMethod.POST, "/api/v1/deployments", "deployer", DEPLOY),
            e(HttpMethod.GET, "/api/v1/deployments", "viewer", DEPLOY),
            e(HttpMethod.GET, "/api/v1/deployments/{id}", "viewer", DEPLOY),
            e(HttpMethod.GET, "/api/v1/deployments/{id}/logs", "viewer", DEPLOY),
            e(HttpMethod.POST, "/api/v1/deployments/{id}/cancel", "deployer", DEPLOY),
            e(HttpMethod.POST, "/api/v1/deployments/{id}/promote", "deployer", DEPLOY),
            e(HttpMethod.POST, "/api/v1/deployments/{id}/pause", "deployer", DEPLOY),
            e(HttpMethod.POST, "/api/v1/deployments/{id}/resume", "deployer", DEPLOY),
            e(HttpMethod.POST, "/api/v1/rollbacks", "deployer", ROLLBACK),
            e(HttpMethod.GET, "/api/v1/rollbacks", "viewer", ROLLBACK),
            e(HttpMethod.GET, "/api/v1/rollbacks/{id}", "viewer", ROLLBACK),
            e(HttpMethod.POST, "/api/v1/rollbacks/{id}/approve", "admin", ROLLBACK),
            e(HttpMethod.POST, "/api/v1/rollbacks/{id}/abort", "admin", ROLLBACK),
            e(HttpMethod.POST, "/api/v1/rollbacks/{id}/confirm-repair", "admin", ROLLBACK),
            e(HttpMethod.POST, "/api/v1/metrics/samples", "deployer", METRICS),
            e(HttpMethod.GET, "/api/v1/metrics/health", "viewer", METRICS),
            e(HttpMethod.GET, "/api/v1/metrics/series", "viewer", METRICS),
            e(HttpMethod.GET, "/api/v1/metrics/compare", "viewer", METRICS),
            e(HttpMethod.GET, "/api/v1/rules", "viewer", METRICS),
            e(HttpMethod.PUT, "/api/v1/rules/{id}", "admin", METRICS),
            e(HttpMethod.POST, "/api/v1/rules/replay", "viewer", METRICS),
            // issue 19: an application's analysis policy lives in metrics-service, under version-service's /api/v1/applications/**
            e(HttpMethod.GET, "/api/v1/applications/{app}/analysis", "viewer", METRICS),
            e(HttpMethod.PUT, "/api/v1/applications/{app}/analysis", "admin", METRICS),
            e(HttpMethod.DELETE, "/api/v1/applications/{app}/analysis", "admin", METRICS),
            e(HttpMethod.POST, "/api/v1/applications/{app}/analysis/replay", "viewer", METRICS),
            e(HttpMethod.GET, "/api/v1/environments/{env}/maintenance", "viewer", DEPLOY),
            e(HttpMethod.PUT, "/api/v1/environments/{env}/maintenance", "admin", DEPLOY),
            // the release workflow (promotions, policy, approvals); deploy-service checks who may approve
            e(HttpMethod.GET, "/api/v1/environments/{env}/policy", "viewer", DEPLOY),
            e(HttpMethod.PUT, "/api/v1/environments/{env}/policy", "admin", DEPLOY),
            e(HttpMethod.POST, "/api/v1/promotions", "deployer", DEPLOY),
            e(HttpMethod.POST, "/api/v1/deployments/{id}/approve", "deployer", DEPLOY),
            e(HttpMethod.POST, "/api/v1/deployments/{id}/reject", "deployer", DEPLOY));

    /** Public but routed: the git webhook, authenticated by deploy-service with the hook's HMAC signature. */
    public static final Endpoint GIT_HOOK = new Endpoint(HttpMethod.POST, "/api/v1/hooks/git", "/api/v1/hooks/git",
            "public", DEPLOY);

    private DesignRoutes() {
    }

    public static List<String> templatesOf(String service) {
        return ALL.stream().filter(e -> e.service().equals(service)).map(Endpoint::template).distinct().toList();
    }

    private static Endpoint e(HttpMethod method, String template, String role, String service) {
        String sample = template.replace("{app}", "shop").replace("{version}", "1.2.0").replace("{env}", "staging")
                .replace("{id}", "7b0c6a8e-3f7e-4e8e-9d7e-1a2b3c4d5e6f");
        return new Endpoint(method, template, sample, role, service);
    }
}
