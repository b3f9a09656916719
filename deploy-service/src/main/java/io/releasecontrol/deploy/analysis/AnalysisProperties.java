package io.releasecontrol.deploy.analysis;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rc.deploy.analysis.*}: the evidence gate of deployment steps. A canary's next weight, and the
 * end of any deployment after its bake, wait until metrics-service passes the new version with the
 * analysis policy's evidence; metrics-service unreachable means the step holds.
 *
 * @param enabled false = plans have no analysis or bake steps (canaries advance on their pauses alone)
 * @param url     metrics-service, which answers {@code GET /api/v1/metrics/gate} ({@code RC_METRICS_SERVICE_URL})
 * @param timeout one call's limit (the circuit breaker's time limiter)
 * @param poll    how often a waiting step asks again
 * @param maxWait how long a step waits when metrics-service never answered with its policy's wait
 */
@ConfigurationProperties("rc.deploy.analysis")
public record AnalysisProperties(
        @DefaultValue("true") Boolean enabled,
        @DefaultValue("http://127.0.0.1:8083") URI url,
        @DefaultValue("PT2S") Duration timeout,
        @DefaultValue("PT2S") Duration poll,
        @DefaultValue("PT10M") Duration maxWait) {

    public AnalysisProperties {
        if (poll.isNegative() || poll.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("rc.deploy.analysis.poll and timeout must be positive");
        }
    }
}
