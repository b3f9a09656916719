package io.releasecontrol.deploy.analysis;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code rc.deploy.analysis.*}: the evidence gate of deployment steps.
 *
 * @param enabled false = plans have no analysis or bake steps (canaries advance on their pauses alone)
 * @param url     metrics-service, which answers {@code GET /api/v1/metrics/gate}
 * @param timeout one call's limit (the circuit breaker's time limiter)
 * @param poll    how often a waiting step asks again
 * @param maxWait how long a step waits when metrics-service never answered with its policy's wait
 */
@ConfigurationProperties("rc.deploy.analysis")
public record AnalysisProperties(Boolean enabled, URI url, Duration timeout, Duration poll, Duration maxWait) {

    public AnalysisProperties {
        enabled = enabled == null || enabled;
        url = url == null ? URI.create("http://127.0.0.1:8083") : url;
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
        poll = poll == null ? Duration.ofSeconds(2) : poll;
        maxWait = maxWait == null ? Duration.ofMinutes(10) : maxWait;
        if (poll.isNegative() || poll.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("rc.deploy.analysis.poll and timeout must be positive");
        }
    }
}
