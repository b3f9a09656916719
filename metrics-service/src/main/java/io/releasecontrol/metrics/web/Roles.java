package io.releasecontrol.metrics.web;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.identity.TrustedIdentityWebFilter;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import org.springframework.web.server.ServerWebExchange;

/** The caller's role check: 401 without a trusted identity, 403 without the role. */
public final class Roles {

    private Roles() {
    }

    public static TrustedIdentity require(ServerWebExchange exchange, String role) {
        TrustedIdentity identity = TrustedIdentityWebFilter.identity(exchange).orElseThrow(() -> new ProblemException(
                ProblemType.UNAUTHENTICATED, "this endpoint needs the " + role + " role; no identity was presented"));
        if (!identity.hasRole(role)) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    identity.subject() + " lacks the " + role + " role this endpoint needs");
        }
        return identity;
    }
}
