package io.releasecontrol.gateway.routing;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The services behind the gateway ({@code rc.gateway.services.<id>}): their instances, load-balanced
 * round robin, and the public paths each one owns. Instance lists come from configuration
 * ({@code RC_VERSION_SERVICE_URL=http://a:8081,http://b:8081}), not from a registry.
 *
 * @param services per service id: its instances' base URLs, the public paths it owns and its own timeout
 *                 (the table in application.yml)
 */
@ConfigurationProperties("rc.gateway")
public record ServiceRegistryProperties(Map<String, Service> services) {

    public ServiceRegistryProperties {
        services = services == null ? Map.of() : new TreeMap<>(services);
        services.forEach((id, s) -> {
            if (s.urls().isEmpty()) {
                throw new IllegalArgumentException("rc.gateway.services." + id + ".urls is empty");
            }
        });
    }

    /** @param timeout overrides {@code rc.gateway.resilience.timeout} for this service when set */
    public record Service(List<URI> urls, List<String> paths, java.time.Duration timeout) {
        public Service {
            urls = urls == null ? List.of() : List.copyOf(urls);
            paths = paths == null ? List.of() : paths.stream().map(String::trim).toList();
        }
    }
}
