package io.releasecontrol.metrics.prometheus;

import io.releasecontrol.runtime.config.PropertyDefaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code rc.metrics.prometheus.*}: pull samples from a Prometheus HTTP API. What is pulled comes
 * from the analysis policies' {@code prometheus} templates, for every version each target runs
 * (docs/metrics.md, "Prometheus pull"); {@code targets} are fixed ones besides, each naming the
 * version it measures and one PromQL query per sample field ({@code requests}, {@code errors},
 * {@code http5xx}, {@code latencyP95Ms}, {@code cpu}, {@code memory}, {@code activeUsers}). Counter
 * queries should give the increase over {@code interval}, e.g.
 * {@code sum(increase(http_requests_total{app="shop"}[10s]))}.
 *
 * @param enabled    whether samples are pulled from Prometheus at all
 * @param url        the Prometheus HTTP API's base URL
 * @param interval   how often a pull runs; 10 s makes a 1-minute rule window hold the seed rules' minimum of 5
 *                   samples
 * @param timeout    one query's limit
 * @param maxQueries most queries one pull sends; the versions past it wait for a later pull (logged). 500
 *                   every 10 s is 50 queries a second: what one Prometheus answers without noticing
 * @param targets    fixed targets besides those of the analysis policies
 */
@ConfigurationProperties("rc.metrics.prometheus")
public record PrometheusProperties(
        @DefaultValue("false") Boolean enabled,
        @DefaultValue("http://127.0.0.1:9090") String url,
        @DefaultValue("PT10S") Duration interval,
        @DefaultValue("PT5S") Duration timeout,
        @DefaultValue("500") Integer maxQueries,
        List<Target> targets) {

    public record Target(String application, String environment, String version, String instance,
            Map<String, String> queries) {
    }

    public PrometheusProperties {
        url = PropertyDefaults.ifBlank(url, PrometheusProperties.class, PrometheusProperties::url);
        targets = targets == null ? List.of() : targets;
    }
}
