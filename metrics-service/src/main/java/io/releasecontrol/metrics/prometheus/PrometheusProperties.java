package io.releasecontrol.metrics.prometheus;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code rc.metrics.prometheus.*}: pull samples from a Prometheus HTTP API. What is pulled comes
 * from the analysis policies' {@code prometheus} templates, for every version each target runs
 * (docs/metrics.md, "Prometheus pull"); {@code targets} are fixed ones besides, each naming the
 * version it measures and one PromQL query per sample field ({@code requests}, {@code errors},
 * {@code http5xx}, {@code latencyP95Ms}, {@code cpu}, {@code memory}, {@code activeUsers}). Counter
 * queries should give the increase over {@code interval}, e.g.
 * {@code sum(increase(http_requests_total{app="shop"}[10s]))}.
 *
 * @param maxQueries most queries one pull sends; the versions past it wait for a later pull (logged)
 */
@ConfigurationProperties("rc.metrics.prometheus")
public record PrometheusProperties(Boolean enabled, String url, Duration interval, Duration timeout,
        Integer maxQueries, List<Target> targets) {

    public record Target(String application, String environment, String version, String instance,
            Map<String, String> queries) {
    }

    public PrometheusProperties {
        enabled = enabled != null && enabled;
        url = url == null ? "http://127.0.0.1:9090" : url;
        // 10 s: a 1-minute rule window then holds the seed rules' minimum of 5 samples
        interval = interval == null ? Duration.ofSeconds(10) : interval;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        // 500 every 10 s is 50 queries a second: what one Prometheus answers without noticing
        maxQueries = maxQueries == null ? 500 : maxQueries;
        targets = targets == null ? List.of() : targets;
    }
}
