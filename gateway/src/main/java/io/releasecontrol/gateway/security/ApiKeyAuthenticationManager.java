package io.releasecontrol.gateway.security;

import io.releasecontrol.gateway.apikey.ApiKeyService;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Authenticates {@code X-API-Key}: the bootstrap admin key or a live stored key. */
class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

    static final String HEADER = "X-API-Key";

    private final ApiKeyService keys;

    ApiKeyAuthenticationManager(ApiKeyService keys) {
        this.keys = keys;
    }

    /** The presented key, before it is checked. */
    static Mono<Authentication> convert(ServerWebExchange exchange) {
        String key = exchange.getRequest().getHeaders().getFirst(HEADER);
        return key == null || key.isBlank() ? Mono.empty() : Mono.just(new Presented(key));
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (!(authentication instanceof Presented presented)) {
            return Mono.empty();
        }
        return keys.authenticate(presented.key)
                .map(caller -> (Authentication) new ApiKeyAuthentication(caller.name(), caller.role()))
                .switchIfEmpty(Mono.error(() -> new UnknownApiKeyException("API key is unknown or revoked")));
    }

    static final class UnknownApiKeyException extends AuthenticationException {
        UnknownApiKeyException(String message) {
            super(message);
        }
    }

    /** A key as it arrived; never authenticated itself. */
    private static final class Presented extends AbstractAuthenticationToken {
        private final String key;

        Presented(String key) {
            super(List.of());
            this.key = key;
        }

        @Override
        public Object getCredentials() {
            return key;
        }

        @Override
        public Object getPrincipal() {
            return null;
        }
    }

    /** A recognised key: its name is the caller, its role the one authority. */
    static final class ApiKeyAuthentication extends AbstractAuthenticationToken {
        private final String name;

        ApiKeyAuthentication(String name, String role) {
            super(List.of(CallerRoles.authority(role)));
            this.name = name;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return name;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
