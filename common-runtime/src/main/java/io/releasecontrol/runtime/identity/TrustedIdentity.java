package io.releasecontrol.runtime.identity;

import java.time.Instant;
import java.util.Set;

/**
 * Who is calling, as the gateway authenticated it: a subject (user or API key name) and roles
 * ({@code viewer}, {@code deployer}, {@code admin}). Services learn it only from the signed
 * {@value IdentityCodec#HEADER} header.
 */
public record TrustedIdentity(String subject, Set<String> roles, Instant issuedAt) {

    public static final String VIEWER = "viewer";
    public static final String DEPLOYER = "deployer";
    public static final String ADMIN = "admin";

    public TrustedIdentity {
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("identity subject is required");
        }
        roles = roles == null ? Set.of() : Set.copyOf(roles);
    }

    /** admin implies deployer implies viewer. */
    public boolean hasRole(String role) {
        return switch (role) {
            case VIEWER -> roles.contains(VIEWER) || roles.contains(DEPLOYER) || roles.contains(ADMIN);
            case DEPLOYER -> roles.contains(DEPLOYER) || roles.contains(ADMIN);
            default -> roles.contains(role);
        };
    }
}
