package io.releasecontrol.deploy.router;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The router of each environment that has one, built at start from {@code rc.deploy.routers}: a
 * kind nobody provides or a configuration a kind cannot use stops the service with the reason.
 */
@Component
@EnableConfigurationProperties(RouterProperties.class)
class TrafficRouters {

    private final Map<String, TrafficRouter> byEnvironment = new TreeMap<>();

    TrafficRouters(List<RouterKind> kinds, RouterProperties props) {
        Map<String, RouterKind> byKind = kinds.stream().collect(Collectors.toMap(RouterKind::kind, Function.identity()));
        props.routers().forEach((env, config) -> {
            RouterKind kind = byKind.get(config.kind());
            if (kind == null) {
                throw new IllegalStateException("rc.deploy.routers." + env + ".kind is '" + config.kind()
                        + "', not one of " + new TreeMap<>(byKind).keySet());
            }
            byEnvironment.put(env, kind.create(env, config));
        });
    }

    Optional<TrafficRouter> forEnvironment(String environment) {
        return Optional.ofNullable(byEnvironment.get(environment));
    }
}
