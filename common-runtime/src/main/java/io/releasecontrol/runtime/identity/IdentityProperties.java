package io.releasecontrol.runtime.identity;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The caller identity a service trusts ({@code rc.identity.*}).
 *
 * @param secret         HMAC secret shared with the gateway ({@code RC_IDENTITY_SECRET}, at least 16
 *                       characters); without it every identity header is refused
 * @param maxAge         how long a signed header is accepted after it was issued
 * @param verify         false skips the {@link TrustedIdentityWebFilter} altogether
 * @param anonymousPaths the only paths ({@link org.springframework.web.util.pattern.PathPattern}
 *                       syntax) answered without a verified identity; any other request without one
 *                       is refused 401. The default is what probes and scrapers call: health (with
 *                       liveness and readiness) and Prometheus. A service that adds one says why
 *                       beside it.
 */
@ConfigurationProperties("rc.identity")
public record IdentityProperties(String secret, Duration maxAge, Boolean verify, List<String> anonymousPaths) {

    /** Orchestrators' probes (health, liveness, readiness) and the Prometheus scraper carry no identity. */
    public static final List<String> DEFAULT_ANONYMOUS_PATHS =
            List.of("/actuator/health", "/actuator/health/**", "/actuator/prometheus");

    public IdentityProperties {
        maxAge = maxAge == null ? Duration.ofMinutes(5) : maxAge;
        verify = verify == null || verify;
        anonymousPaths = anonymousPaths == null ? DEFAULT_ANONYMOUS_PATHS : List.copyOf(anonymousPaths);
    }
}
