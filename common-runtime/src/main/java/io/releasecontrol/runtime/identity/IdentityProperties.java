package io.releasecontrol.runtime.identity;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
 *                       liveness and readiness) and Prometheus, which carry no identity. A service
 *                       that adds one says why beside it.
 */
@ConfigurationProperties("rc.identity")
public record IdentityProperties(
        String secret,
        @DefaultValue("PT5M") Duration maxAge,
        @DefaultValue("true") Boolean verify,
        @DefaultValue({"/actuator/health", "/actuator/health/**", "/actuator/prometheus"})
        List<String> anonymousPaths) {

    public IdentityProperties {
        anonymousPaths = List.copyOf(anonymousPaths);
    }
}
