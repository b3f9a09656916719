package io.releasecontrol.gateway.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-route circuit breaker and timeout ({@code rc.gateway.resilience}). The timeout bounds the
 * wait for a service's response headers; a streamed body (SSE) is not cut by it.
 */
@ConfigurationProperties("rc.gateway.resilience")
public record ResilienceProperties(
        @DefaultValue("PT10S") Duration timeout,
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("20") int slidingWindow,
        @DefaultValue("10") int minimumCalls,
        @DefaultValue("PT10S") Duration openFor) {
}
