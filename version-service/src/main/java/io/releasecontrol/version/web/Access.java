package io.releasecontrol.version.web;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.identity.TrustedIdentityWebFilter;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import org.springframework.web.server.ServerWebExchange;

/** Role checks on the gateway-signed identity: viewer for reads, deployer for changes, admin for overrides. */
public final class Access {

    private Access() {
    }

    public static TrustedIdentity require(ServerWebExchange exchange, String role) {
        TrustedIdentity who = TrustedIdentityWebFilter.identity(exchange).orElseThrow(() -> new ProblemException(
                ProblemType.UNAUTHENTICATED, "this endpoint needs the role '" + role
                        + "': call it through the gateway with an API key or a bearer token"));
        if (!who.hasRole(role)) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "'" + who.subject() + "' has roles " + who.roles() + "; this needs '" + role + "'");
        }
        return who;
    }
}
