package io.releasecontrol.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.gateway.support.DesignRoutes;
import io.releasecontrol.gateway.support.DesignRoutes.Endpoint;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;

class RouteRolesTest {

    private final RouteRoles roles = new RouteRoles(List.of("/api/v1/applications", "/api/v1/applications/**",
            "/api/v1/stats/**", "/api/v1/deployments", "/api/v1/deployments/**", "/api/v1/environments/**",
            "/api/v1/promotions", "/api/v1/hooks/git",
            "/api/v1/metrics/**", "/api/v1/rules", "/api/v1/rules/**", "/api/v1/applications/*/analysis",
            "/api/v1/rollbacks", "/api/v1/rollbacks/**"));

    static Stream<Endpoint> design() {
        return DesignRoutes.ALL.stream();
    }

    // every row of DESIGN §10 needs exactly the role the table names
    @ParameterizedTest(name = "{0}")
    @MethodSource("design")
    void requiresTheRoleOfTheDesignTable(Endpoint endpoint) {
        assertThat(roles.required(endpoint.method(), endpoint.sample())).isEqualTo(new RouteRoles.Requirement.Role(endpoint.role()));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            // docs, dashboard and probes are public
            "GET, /, public",
            "GET, /v3/api-docs, public",
            "GET, /swagger-ui.html, public",
            "GET, /actuator/health, public",
            // an unknown path is not protected: the caller gets an honest 404
            "GET, /api/v1/no-such-thing, public",
            // the gateway's own admin API, whatever the method
            "GET, /api/v1/admin/api-keys, admin",
            "DELETE, /api/v1/admin/api-keys/42, admin",
            // the circuit-breaker fallback is only reached by forwarding
            "GET, /internal/fallback/version-service, denied",
            // a mutation the table does not list still needs deployer; reads need viewer
            "DELETE, /api/v1/applications/shop, deployer",
            "HEAD, /api/v1/deployments, viewer",
            // replay is a what-if, but PUT on the same family is an admin setting
            "POST, /api/v1/rules/replay, viewer",
            "PUT, /api/v1/rules/replay, admin",
            // current-version override only on the exact path
            "PUT, /api/v1/applications/shop/environments/prod/current, admin",
            "POST, /api/v1/applications/shop/environments/prod/current, deployer",
            "POST, /api/v1/rollbacks/9/approve, admin",
            "POST, /api/v1/rollbacks/9/approve/extra, deployer",
            // the git webhook carries its own HMAC signature; reading it is not a thing
            "POST, /api/v1/hooks/git, public",
            "GET, /api/v1/hooks/git, viewer",
            "POST, /api/v1/environments/prod/policy, deployer",
            // an application's analysis policy is an admin setting; other analysis paths are not
            "POST, /api/v1/applications/shop/analysis, deployer",
            "PUT, /api/v1/applications/shop/analysis/extra, deployer"})
    void classifiesOtherPaths(String method, String path, String expected) {
        var requirement = roles.required(HttpMethod.valueOf(method), path);
        String actual = requirement instanceof RouteRoles.Requirement.Role r ? r.name()
                : requirement instanceof RouteRoles.Requirement.Public ? "public" : "denied";
        assertThat(actual).isEqualTo(expected);
    }
}
