package io.releasecontrol.gateway.security;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * Grants a request when the caller holds the role {@link RouteRoles} requires for it. A refusal
 * becomes 401 for an anonymous caller and 403 for an authenticated one (Spring Security decides
 * which from the principal); an ambiguous spelling of the path is a 400 {@code request-rejected}
 * problem, whoever calls.
 */
class RoleAuthorizationManager implements ReactiveAuthorizationManager<AuthorizationContext> {

    private static final AuthorizationDecision GRANTED = new AuthorizationDecision(true);
    private static final AuthorizationDecision REFUSED = new AuthorizationDecision(false);

    private final RouteRoles roles;

    RoleAuthorizationManager(RouteRoles roles) {
        this.roles = roles;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        var request = context.getExchange().getRequest();
        var requirement = roles.required(request.getMethod(), request.getPath().pathWithinApplication().value());
        if (requirement instanceof RouteRoles.Requirement.Rejected rejected) {
            return Mono.error(FirewallProblems.rejected("The request was rejected because " + rejected.reason()));
        }
        if (requirement instanceof RouteRoles.Requirement.Public) {
            return Mono.just(GRANTED);
        }
        if (!(requirement instanceof RouteRoles.Requirement.Role role)) {
            return Mono.just(REFUSED);
        }
        return authentication
                .filter(Authentication::isAuthenticated)
                .map(a -> (AuthorizationResult) (CallerRoles.has(a, role.name()) ? GRANTED : REFUSED))
                .defaultIfEmpty(REFUSED);
    }
}
