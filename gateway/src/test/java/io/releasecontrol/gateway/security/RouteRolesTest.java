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
            "PUT, /api/v1/applications/shop/analysis/extra, deployer",
            // a percent-encoded letter is that letter: the services decode before they route
            "PUT, /api/v1/applications/x/environments/development/curren%74, admin",
            "PUT, /api/v1/applications/x/environments/development/%63%75%72%72%65%6E%74, admin",
            "PUT, /%61pi/v1/applications/x/environments/development/current, admin",
            "POST, /api/v1/rollbacks/9/%61pprove, admin",
            "PUT, /api/v1/rules/%72eplay, admin",
            "PUT, /api/v1/environments/prod/polic%79, admin",
            "DELETE, /api/v1/applications/shop/%61nalysis, admin",
            "GET, /api/v1/%61dmin/api-keys, admin",
            "GET, /%69nternal/fallback/version-service, denied",
            "POST, /api/v1/deployment%73, deployer",
            // and an encoded spelling of a public route is still that route
            "POST, /api/v1/hooks/gi%74, public",
            "GET, /actuator/h%65alth, public"})
    void classifiesOtherPaths(String method, String path, String expected) {
        assertThat(name(roles.required(HttpMethod.valueOf(method), path))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // what a service could read as another path, or not at all
            "/api/v1/applications/x/environments/development%2Fcurrent | an encoded '/'",
            "/api/v1/applications/x%2fy | an encoded '/'",
            "/api/v1/deployments/a%5Cb | an encoded '\\'",
            "/api/v1/deployments/%2574 | an encoded '%'",
            "/api/v1/deployments/%00 | a control character",
            "/api/v1/deployments/a%0Db | a control character",
            "/api/v1/deployments/../admin/api-keys | a '.' or '..' segment",
            "/api/v1/deployments/%2e%2e/admin | a '.' or '..' segment",
            "/api/v1/deployments/./x | a '.' or '..' segment",
            "/api/v1//deployments | an empty segment ('//')",
            "/api/v1/applications/x/environments/development/current;v=1 | a ';' parameter",
            "/api/v1/deployments/%zz | a malformed percent-escape"})
    void refusesAmbiguousSpellings(String path, String what) {
        assertThat(roles.required(HttpMethod.PUT, path)).isEqualTo(new RouteRoles.Requirement.Rejected("the path contains " + what));
    }

    private static String name(RouteRoles.Requirement requirement) {
        if (requirement instanceof RouteRoles.Requirement.Role r) {
            return r.name();
        }
        if (requirement instanceof RouteRoles.Requirement.Rejected r) {
            return "rejected: " + r.reason();
        }
        return requirement instanceof RouteRoles.Requirement.Public ? "public" : "denied";
    }
}
