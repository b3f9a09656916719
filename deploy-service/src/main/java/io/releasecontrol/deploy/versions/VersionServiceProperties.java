package io.releasecontrol.deploy.versions;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where version-service answers ({@code rc.deploy.version-service.*}).
 *
 * @param timeout one call's limit (the circuit breaker's time limiter)
 */
@ConfigurationProperties("rc.deploy.version-service")
public record VersionServiceProperties(URI url, Duration timeout) {

    public VersionServiceProperties {
        url = url == null ? URI.create("http://127.0.0.1:8081") : url;
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    }
}
