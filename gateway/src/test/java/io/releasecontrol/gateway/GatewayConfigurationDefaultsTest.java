package io.releasecontrol.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.gateway.apikey.ApiKeyProperties;
import io.releasecontrol.gateway.ratelimit.RateLimitProperties;
import io.releasecontrol.gateway.routing.ResilienceProperties;
import io.releasecontrol.gateway.routing.ServiceRegistryProperties;
import io.releasecontrol.runtime.identity.IdentityProperties;
import io.releasecontrol.runtime.testsupport.ServiceConfiguration;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway's settings as its application.yml binds them with no variable set: the defaults
 * docs/api/gateway.md states; then a variable wins.
 */
class GatewayConfigurationDefaultsTest {

    @Test
    void everySettingHasTheDefaultTheDocsState() {
        var config = ServiceConfiguration.defaults();

        assertThat(config.bind(RateLimitProperties.class)).isEqualTo(new RateLimitProperties("auto", 50.0, 100));
        assertThat(config.bind(ResilienceProperties.class))
                .isEqualTo(new ResilienceProperties(Duration.ofSeconds(10), 50, 20, 10, Duration.ofSeconds(10)));
        assertThat(config.bind(ApiKeyProperties.class)).isEqualTo(new ApiKeyProperties("", Duration.ofSeconds(10)));
        var services = config.bind(ServiceRegistryProperties.class).services();
        assertThat(services).containsOnlyKeys("version-service", "deploy-service", "metrics-service",
                "rollback-orchestrator");
        assertThat(services.get("version-service").urls()).containsExactly(URI.create("http://127.0.0.1:8081"));
        assertThat(services.get("deploy-service").urls()).containsExactly(URI.create("http://127.0.0.1:8082"));
        assertThat(services.get("metrics-service").urls()).containsExactly(URI.create("http://127.0.0.1:8083"));
        assertThat(services.get("rollback-orchestrator").urls()).containsExactly(URI.create("http://127.0.0.1:8084"));
        // the gateway verifies forged identity headers like every service, and decides itself who may call what
        var identity = config.bind(IdentityProperties.class);
        assertThat(identity.verify()).isTrue();
        assertThat(identity.anonymousPaths()).containsExactly("/**");
    }

    @Test
    void aVariableWinsAndAnEmptyOneLeavesTheDefault() {
        var config = ServiceConfiguration.withEnvironment(Map.of("RC_RATE_LIMIT_PER_SECOND", "1000000",
                "RC_RATE_LIMIT_BURST", "", "RC_RATE_LIMIT_STORE", "", "RC_GATEWAY_TIMEOUT", "PT30S",
                "RC_DEPLOY_SERVICE_URL", "http://a:8082,http://b:8082"));

        assertThat(config.bind(RateLimitProperties.class)).isEqualTo(new RateLimitProperties("auto", 1_000_000.0, 100));
        assertThat(config.bind(ResilienceProperties.class).timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.bind(ServiceRegistryProperties.class).services().get("deploy-service").urls())
                .isEqualTo(List.of(URI.create("http://a:8082"), URI.create("http://b:8082")));
        // a bad value still stops the gateway at start
        assertThatThrownBy(() -> ServiceConfiguration.withEnvironment(Map.of("RC_RATE_LIMIT_BURST", "0"))
                .bind(RateLimitProperties.class)).rootCause().hasMessageContaining("burst >= 1");
    }
}
