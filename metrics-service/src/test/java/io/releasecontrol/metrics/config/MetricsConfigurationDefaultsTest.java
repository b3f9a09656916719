package io.releasecontrol.metrics.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.metrics.evaluation.CanaryPolicy;
import io.releasecontrol.metrics.evaluation.EvaluationSettings;
import io.releasecontrol.metrics.evaluation.SequentialPolicy;
import io.releasecontrol.metrics.gate.GateProperties;
import io.releasecontrol.metrics.gate.GateSettings;
import io.releasecontrol.metrics.prometheus.PrometheusProperties;
import io.releasecontrol.runtime.testsupport.ServiceConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * metrics-service's settings as its application.yml binds them with no variable set: the defaults
 * docs/metrics.md states; then a variable wins.
 */
class MetricsConfigurationDefaultsTest {

    @Test
    void everySettingHasTheDefaultTheDocsState() {
        var config = ServiceConfiguration.defaults();
        var metrics = config.bind(MetricsProperties.class);

        assertThat(metrics.evaluation()).isEqualTo(new EvaluationSettings(Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofSeconds(30), new CanaryPolicy(0.05, 1.5, 1.2, 5, 3.0),
                new SequentialPolicy(17.5, Duration.ofSeconds(1), 3, 1.5, Math.log(20))));
        assertThat(metrics.maxFutureSkew()).isEqualTo(Duration.ofMinutes(1));
        assertThat(metrics.rawTtl()).isEqualTo(Duration.ofDays(7));
        assertThat(metrics.rollupTtl()).isEqualTo(Duration.ofDays(90));
        assertThat(metrics.rulesRefresh()).isEqualTo(Duration.ofSeconds(10));
        assertThat(metrics.maxBatch()).isEqualTo(10_000);
        assertThat(metrics.storeMaxPending()).isEqualTo(50_000);
        assertThat(metrics.storeMaxFlush()).isEqualTo(20_000);
        assertThat(metrics.storeLinger()).isEqualTo(Duration.ofSeconds(1));
        // unset: what the windows hold
        assertThat(metrics.rebuildHorizon()).isEqualTo(Duration.ofMinutes(5));
        assertThat(metrics.advertisedUrl()).isEmpty();
        assertThat(config.bind(GateProperties.class).settings()).isEqualTo(new GateSettings(1_000, 30,
                Duration.ofMinutes(10), GateSettings.OnTimeout.HOLD, Duration.ZERO));
        // what code without a Spring context gets is the same
        assertThat(MetricsProperties.defaults().evaluation()).isEqualTo(metrics.evaluation());

        assertThat(config.bind(PrometheusProperties.class)).isEqualTo(new PrometheusProperties(
                false, "http://127.0.0.1:9090", Duration.ofSeconds(10), Duration.ofSeconds(5), 500, List.of()));
    }

    @Test
    void aVariableWinsAndAnEmptyOneLeavesTheDefault() {
        var config = ServiceConfiguration.withEnvironment(Map.of("RC_METRICS_RETENTION", "PT10M",
                "RC_METRICS_GATE_ON_TIMEOUT", "fail", "RC_METRICS_SEQUENTIAL_THRESHOLD", "20",
                "RC_METRICS_PROMETHEUS_ENABLED", "true", "RC_METRICS_PROMETHEUS_URL", "",
                "RC_METRICS_BUCKET", "", "RC_METRICS_GATE_MIN_REQUESTS", ""));

        var metrics = config.bind(MetricsProperties.class);
        assertThat(metrics.retention()).isEqualTo(Duration.ofMinutes(10));
        assertThat(metrics.rebuildHorizon()).isEqualTo(Duration.ofMinutes(10));
        assertThat(metrics.bucket()).isEqualTo(Duration.ofSeconds(5));
        assertThat(metrics.evaluation().sequential().threshold()).isEqualTo(20.0);
        var gate = config.bind(GateProperties.class).settings();
        assertThat(gate.onTimeout()).isEqualTo(GateSettings.OnTimeout.FAIL);
        assertThat(gate.minRequests()).isEqualTo(1_000);
        var prometheus = config.bind(PrometheusProperties.class);
        assertThat(prometheus.enabled()).isTrue();
        assertThat(prometheus.url()).isEqualTo("http://127.0.0.1:9090");
    }
}
