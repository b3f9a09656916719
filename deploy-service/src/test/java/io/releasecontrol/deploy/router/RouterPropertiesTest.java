package io.releasecontrol.deploy.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RouterPropertiesTest {

    private static RouterProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("rc.deploy", RouterProperties.class);
    }

    @Test
    void anHaproxyRouterGetsTheDefaultsOfWhatItDoesNotSet() {
        // an empty binary, as an unset variable behind a placeholder gives, counts as unset
        var router = bind(Map.of("rc.deploy.routers.staging.kind", "haproxy",
                "rc.deploy.routers.staging.haproxy.stats-socket", "/run/haproxy/admin.sock",
                "rc.deploy.routers.staging.haproxy.binary", "")).routers().get("staging");

        assertThat(router.haproxy()).isEqualTo(new RouterProperties.Haproxy(Path.of("/run/haproxy/admin.sock"), null,
                null, null, List.of(), "haproxy", "rc_{application}_{environment}", Duration.ofSeconds(5)));
        assertThat(router.applications()).isEmpty();
        assertThat(bind(Map.of()).routers()).isEmpty();
    }
}
