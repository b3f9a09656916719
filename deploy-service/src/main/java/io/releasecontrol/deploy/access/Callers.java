package io.releasecontrol.deploy.access;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.identity.TrustedIdentityWebFilter;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import org.springframework.web.server.ServerWebExchange;

/** The verified caller of a request, and the role checks of mutating routes. */
public final class Callers {

    private Callers() {
    }

    /** The caller with at least {@code role}; 401 without a verified identity, 403 without the role. */
    public static TrustedIdentity require(ServerWebExchange exchange, String role) {
        TrustedIdentity who = TrustedIdentityWebFilter.identity(exchange).orElseThrow(() -> new ProblemException(
                ProblemType.UNAUTHENTICATED, "this action needs a verified caller (X-RC-Identity from the gateway)"));
        if (!who.hasRole(role)) {
            throw new ProblemException(ProblemType.FORBIDDEN, who.subject() + " lacks role " + role);
        }
        return who;
    }
}
