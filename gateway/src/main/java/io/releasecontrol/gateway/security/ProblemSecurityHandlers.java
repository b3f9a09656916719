package io.releasecontrol.gateway.security;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401 and 403 as problem+json: the handlers raise a {@link ProblemException} and the shared
 * ProblemWebExceptionHandler renders it, like every other error of the API.
 */
class ProblemSecurityHandlers implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

    static final String CHALLENGE = "Bearer, ApiKey header=\"X-API-Key\"";

    private final RouteRoles roles;

    ProblemSecurityHandlers(RouteRoles roles) {
        this.roles = roles;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        return Mono.error(new ProblemException(ProblemType.UNAUTHENTICATED, detail(ex)));
    }

    private static String detail(AuthenticationException ex) {
        if (ex instanceof ApiKeyAuthenticationManager.UnknownApiKeyException) {
            return ex.getMessage();
        }
        if (ex instanceof InvalidBearerTokenException) {
            return "Bearer token rejected: " + ex.getMessage();
        }
        return "Authentication required: send X-API-Key: <key> or Authorization: Bearer <JWT>";
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
        var request = exchange.getRequest();
        var requirement = roles.required(request.getMethod(), request.getPath().pathWithinApplication().value());
        return exchange.getPrincipal().map(p -> p.getName()).defaultIfEmpty("caller")
                .flatMap(name -> Mono.error(requirement instanceof RouteRoles.Requirement.Role role
                        ? new ProblemException(ProblemType.FORBIDDEN, request.getMethod() + " " + request.getPath().value()
                                + " requires role " + role.name() + "; " + name + " does not have it",
                                Map.of("requiredRole", role.name()))
                        : new ProblemException(ProblemType.FORBIDDEN, request.getPath().value() + " is not served to callers")));
    }
}
