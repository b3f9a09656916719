package io.releasecontrol.gateway.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-route circuit breaker and timeout ({@code rc.gateway.resilience}). The timeout bounds the
 * wait for a service's response headers; a streamed body (SSE) is not cut by it.
 *
 * @param timeout              time to the service's response headers ({@code RC_GATEWAY_TIMEOUT}); a
 *                             service's own {@code rc.gateway.services.<id>.timeout} overrides it
 * @param failureRateThreshold percentage of failed calls in the window that opens the breaker
 * @param slidingWindow        calls the failure rate is measured over
 * @param minimumCalls         calls the window needs before the breaker may open
 * @param openFor              how long an open breaker refuses calls before it lets some through again
 */
@ConfigurationProperties("rc.gateway.resilience")
public record ResilienceProperties(
        @DefaultValue("PT10S") Duration timeout,
        @DefaultValue("50") float failureRateThreshold,
        @DefaultValue("20") int slidingWindow,
        @DefaultValue("10") int minimumCalls,
        @DefaultValue("PT10S") Duration openFor) {
}
