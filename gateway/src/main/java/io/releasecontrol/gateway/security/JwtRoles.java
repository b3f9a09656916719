package io.releasecontrol.gateway.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Roles from a JWT: the configured claim ({@code roles} by default; a list or a space-separated
 * string), plus {@code scope}/{@code scp} values named like a role, so tokens from an identity
 * provider that only issues scopes work too. Unknown values are ignored.
 */
class JwtRoles implements Converter<Jwt, Collection<GrantedAuthority>> {

    private final String claim;

    JwtRoles(String claim) {
        this.claim = claim;
    }

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        Set<String> roles = new TreeSet<>();
        for (String name : List.of(claim, "scope", "scp")) {
            for (String value : values(jwt.getClaims().get(name))) {
                String role = CallerRoles.normalise(value);
                if (role != null) {
                    roles.add(role);
                }
            }
        }
        return roles.stream().map(CallerRoles::authority).toList();
    }

    private static List<String> values(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof String s) {
            for (String part : s.split("[\\s,]+")) {
                if (!part.isBlank()) {
                    out.add(part);
                }
            }
        } else if (claim instanceof Collection<?> c) {
            c.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }
}
