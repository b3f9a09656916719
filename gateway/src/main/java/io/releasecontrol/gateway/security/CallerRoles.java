package io.releasecontrol.gateway.security;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** The Release Control roles an authenticated caller holds, whatever way it authenticated. */
final class CallerRoles {

    static final Set<String> KNOWN = Set.of(TrustedIdentity.VIEWER, TrustedIdentity.DEPLOYER, TrustedIdentity.ADMIN);

    private CallerRoles() {
    }

    /**
     * The authority a role is granted as: Spring's {@code ROLE_} form, which its own role checks read
     * (the actuator's {@code management.endpoint.health.roles} among them).
     */
    static GrantedAuthority authority(String role) {
        return new SimpleGrantedAuthority("ROLE_" + role);
    }

    static Set<String> of(Authentication authentication) {
        var roles = new TreeSet<String>();
        for (GrantedAuthority a : authentication.getAuthorities()) {
            String role = normalise(a.getAuthority());
            if (role != null) {
                roles.add(role);
            }
        }
        return roles;
    }

    /** "ROLE_admin", "SCOPE_deployer", "Viewer" → the role; anything else → null. */
    static String normalise(String authority) {
        if (authority == null) {
            return null;
        }
        String s = authority;
        for (String prefix : new String[] {"ROLE_", "SCOPE_"}) {
            if (s.startsWith(prefix)) {
                s = s.substring(prefix.length());
            }
        }
        s = s.toLowerCase(Locale.ROOT);
        return KNOWN.contains(s) ? s : null;
    }

    static boolean has(Authentication authentication, String role) {
        return new TrustedIdentity(authentication.getName(), of(authentication), java.time.Instant.EPOCH).hasRole(role);
    }
}
