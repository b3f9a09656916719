package io.releasecontrol.metrics.prometheus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code rc.metrics.prometheus.*}: pull samples from a Prometheus HTTP API. Each target names the
 * version it measures and one PromQL query per sample field ({@code requests}, {@code errors},
 * {@code http5xx}, {@code latencyP95Ms}, {@code cpu}, {@code memory}, {@code activeUsers}); counter
 * queries should give the increase over {@code interval}, e.g.
 * {@code sum(increase(http_requests_total{app="shop"}[15s]))}.
 */
@ConfigurationProperties("rc.metrics.prometheus")
public record PrometheusProperties(Boolean enabled, String url, Duration interval, Duration timeout,
        List<Target> targets) {

    public record Target(String application, String environment, String version, String instance,
            Map<String, String> queries) {
    }

    public PrometheusProperties {
        enabled = enabled != null && enabled;
        url = url == null ? "http://127.0.0.1:9090" : url;
        // 10 s: a 1-minute rule window then holds the seed rules' minimum of 5 samples
        interval = interval == null ? Duration.ofSeconds(10) : interval;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        targets = targets == null ? List.of() : targets;
    }
}
