package io.releasecontrol.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * One route per service: its paths (a service owning a more specific path than another's pattern is
 * tried first, {@link RouteOrder}), load-balanced over its instances, behind a circuit breaker
 * and timeout named after the service, with a fallback that answers 503 problem+json naming it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ServiceRegistryProperties.class, ResilienceProperties.class})
class RoutingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RoutingConfiguration.class);

    @Bean
    StaticServiceDiscovery staticServiceDiscovery(ServiceRegistryProperties registry) {
        return new StaticServiceDiscovery(registry);
    }

    @Bean
    RouteLocator serviceRoutes(RouteLocatorBuilder builder, ServiceRegistryProperties registry,
            ResilienceProperties resilience, ServerEventLoops loops) {
        var routes = builder.routes();
        Map<String, Integer> order = RouteOrder.of(registry.services().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().paths())));
        registry.services().forEach((id, service) -> {
            if (service.paths().isEmpty()) {
                return;
            }
            Duration timeout = service.timeout() != null ? service.timeout() : resilience.timeout();
            log.info("route {} -> {} for {}, timeout {}, order {}", id, service.urls(), service.paths(), timeout,
                    order.get(id));
            routes.route(id, r -> r.order(order.get(id)).path(service.paths().toArray(String[]::new))
                    .filters(f -> f
                            .circuitBreaker(c -> c.setName(id).setFallbackUri("forward:" + ServiceUnavailableFallback.PATH + id))
                            // inside the breaker: a timeout is a failure it counts (its own time limiter is off)
                            .filter(new EventLoopTimeoutFilter(timeout, loops))
                            // a refused connection never reached the service: safe to try the next instance
                            .retry(c -> c.setRetries(1).setMethods(HttpMethod.values())
                                    .setSeries().setStatuses().setExceptions(ConnectException.class))
                            // the gateway's own correlation id and trace context win over the service's copies
                            .dedupeResponseHeader("X-Correlation-Id traceparent", "RETAIN_FIRST"))
                    .uri("lb://" + id));
        });
        return routes.build();
    }

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakerDefaults(ResilienceProperties props) {
        // the timeout is the route's EventLoopTimeoutFilter (spring.cloud.circuitbreaker.resilience4j.disable-time-limiter)
        return factory -> factory.configureDefault(id -> {
            return new Resilience4JConfigBuilder(id)
                    .circuitBreakerConfig(CircuitBreakerConfig.custom()
                            .failureRateThreshold(props.failureRateThreshold())
                            .slidingWindowSize(props.slidingWindow())
                            .minimumNumberOfCalls(props.minimumCalls())
                            .waitDurationInOpenState(props.openFor())
                            .build())
                    .build();
        });
    }
}
