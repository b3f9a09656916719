package io.releasecontrol.gateway.routing;

import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;

/**
 * Serves the configured instance lists to Spring Cloud LoadBalancer, so {@code lb://version-service}
 * round-robins over {@code RC_VERSION_SERVICE_URL}'s addresses without a service registry.
 */
class StaticServiceDiscovery implements ReactiveDiscoveryClient {

    private final ServiceRegistryProperties registry;

    StaticServiceDiscovery(ServiceRegistryProperties registry) {
        this.registry = registry;
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        var service = registry.services().get(serviceId);
        if (service == null) {
            return Flux.empty();
        }
        List<URI> urls = service.urls();
        return Flux.fromStream(IntStream.range(0, urls.size()).mapToObj(i -> {
            URI u = urls.get(i);
            boolean secure = "https".equalsIgnoreCase(u.getScheme());
            int port = u.getPort() > 0 ? u.getPort() : secure ? 443 : 80;
            return new DefaultServiceInstance(serviceId + "-" + i, serviceId, u.getHost(), port, secure);
        }));
    }

    @Override
    public Flux<String> getServices() {
        return Flux.fromIterable(registry.services().keySet());
    }

    @Override
    public String description() {
        return "Release Control static service list (rc.gateway.services)";
    }

    @Override
    public int getOrder() {
        // ahead of Spring Cloud's simple discovery client, which knows nothing of these services
        return HIGHEST_PRECEDENCE;
    }
}
