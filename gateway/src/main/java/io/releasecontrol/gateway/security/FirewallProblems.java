package io.releasecontrol.gateway.security;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What Spring Security's firewall refuses (an encoded '/', '%', '\\' or NUL, '..', ';', CR/LF, ...)
 * is answered 400 {@code request-rejected} problem+json with the firewall's reason, instead of
 * its default empty 400: the shared ProblemWebExceptionHandler renders it like every other error.
 * Picked up by {@code @EnableWebFluxSecurity} as the one ServerExchangeRejectedHandler bean.
 */
class FirewallProblems implements ServerExchangeRejectedHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, ServerExchangeRejectedException rejected) {
        return Mono.error(rejected(rejected.getMessage()));
    }

    /** The 400 problem for a path spelt ambiguously, by the firewall or by {@link RouteRoles}. */
    static ProblemException rejected(String why) {
        return new ProblemException(ProblemType.REQUEST_REJECTED, why + ". Spell the path without encoded '/', '%',"
                + " '\\\\' or control characters, '.' or '..' segments, '//' or ';'");
    }
}
