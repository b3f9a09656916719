package io.releasecontrol.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

class JwtRolesTest {

    private static Jwt jwt(Map<String, Object> claims) {
        return new Jwt("t", Instant.now(), Instant.now().plusSeconds(60), Map.of("alg", "RS256"), claims);
    }

    private static java.util.List<String> roles(String claim, Map<String, Object> claims) {
        return new JwtRoles(claim).convert(jwt(claims)).stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void readsRolesFromTheConfiguredClaim() {
        // a list claim, unknown values ignored
        assertThat(roles("roles", Map.of("sub", "a", "roles", java.util.List.of("deployer", "billing")))).containsExactly("ROLE_deployer");
        // a space-separated string, case and ROLE_ prefix forgiven; granted in Spring's ROLE_ form
        assertThat(roles("groups", Map.of("sub", "a", "groups", "ROLE_Admin viewer"))).containsExactly("ROLE_admin", "ROLE_viewer");
    }

    @Test
    void scopesNamedLikeARoleCountToo() {
        assertThat(roles("roles", Map.of("sub", "a", "scope", "openid profile viewer"))).containsExactly("ROLE_viewer");
        assertThat(roles("roles", Map.of("sub", "a", "scp", java.util.List.of("deployer")))).containsExactly("ROLE_deployer");
        assertThat(roles("roles", Map.of("sub", "a"))).isEmpty();
    }
}
