package io.releasecontrol.gateway.security;

import io.releasecontrol.gateway.apikey.ApiKeyProperties;
import io.releasecontrol.gateway.apikey.ApiKeyService;
import io.releasecontrol.gateway.routing.ServiceRegistryProperties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;

/**
 * Who may call what: JWT bearer tokens (people) and {@code X-API-Key} (bots) authenticate;
 * {@link RouteRoles} decides; every refusal is problem+json. Stateless: no session, no CSRF
 * (no cookies are ever honoured).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(ApiKeyProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    RouteRoles routeRoles(ServiceRegistryProperties registry) {
        return new RouteRoles(registry.services().values().stream().flatMap(s -> s.paths().stream()).toList());
    }

    /**
     * Spring Security observes nothing itself: the server and client spans carry each request.
     * (Switching its observations off by property still left its filter chain wrapped in an
     * observation decorator on every request; this setting removes the wrappers.)
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** the firewall's refusals as problem+json (WebFluxSecurityConfiguration takes the one bean of this type) */
    @Bean
    ServerExchangeRejectedHandler firewallProblems() {
        return new FirewallProblems();
    }

    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, RouteRoles roles, ApiKeyService keys,
            ObjectProvider<ReactiveJwtDecoder> jwtDecoder,
            // the JWT claim holding the roles (a list or space-separated); scope/scp values named like a role count too
            @Value("${rc.gateway.jwt.roles-claim:roles}") String rolesClaim) {
        var problems = new ProblemSecurityHandlers(roles);

        var apiKeys = new AuthenticationWebFilter(new ApiKeyAuthenticationManager(keys));
        apiKeys.setServerAuthenticationConverter(ApiKeyAuthenticationManager::convert);
        apiKeys.setRequiresAuthenticationMatcher(exchange -> exchange.getRequest().getHeaders()
                .containsHeader(ApiKeyAuthenticationManager.HEADER)
                ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch());
        apiKeys.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(problems));
        apiKeys.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());

        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                // Spring Security's default response headers, written in one pass (SecurityResponseHeaders)
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .addFilterAt(new HttpHeaderWriterWebFilter(new SecurityResponseHeaders()), SecurityWebFiltersOrder.HTTP_HEADERS_WRITER)
                .addFilterAt(apiKeys, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(a -> a.anyExchange().access(new RoleAuthorizationManager(roles)))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));

        ReactiveJwtDecoder decoder = jwtDecoder.getIfAvailable();
        if (decoder != null) {
            var converter = new JwtAuthenticationConverter();
            converter.setJwtGrantedAuthoritiesConverter(new JwtRoles(rolesClaim));
            http.oauth2ResourceServer(o -> o
                    .jwt(j -> j.jwtDecoder(decoder).jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(converter)))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems));
        } else {
            log.warn("no JWT issuer or JWK set configured (spring.security.oauth2.resourceserver.jwt.*): "
                    + "bearer tokens are refused, only API keys authenticate");
        }
        return http.build();
    }

}
