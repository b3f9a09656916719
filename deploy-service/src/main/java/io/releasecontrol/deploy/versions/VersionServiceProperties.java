package io.releasecontrol.deploy.versions;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where version-service answers ({@code rc.deploy.version-service.*}): asked by checklist checks
 * (version-exists, migrations-declared) and told by the git webhook about pushed tags, behind a
 * circuit breaker.
 *
 * @param url     version-service's base URL ({@code RC_VERSION_SERVICE_URL})
 * @param timeout one call's limit (the circuit breaker's time limiter)
 */
@ConfigurationProperties("rc.deploy.version-service")
public record VersionServiceProperties(
        @DefaultValue("http://127.0.0.1:8081") URI url,
        @DefaultValue("PT2S") Duration timeout) {
}
