package io.releasecontrol.deploy.router;

import io.releasecontrol.runtime.config.PropertyDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Traffic routers per environment ({@code rc.deploy.routers.<env>.*}), beside
 * {@code rc.deploy.environments}. An environment without one keeps today's behaviour: its weights
 * reach only the executor (RC_WEIGHT). Never taken from a request.
 *
 * @param routers per environment: which router moves its traffic
 */
@ConfigurationProperties("rc.deploy")
record RouterProperties(Map<String, EnvironmentRouter> routers) {

    RouterProperties {
        routers = routers == null ? Map.of() : Map.copyOf(routers);
    }

    /**
     * One environment's router.
     *
     * @param kind         which router ({@code haproxy}); a kind is a {@link RouterKind} bean
     * @param haproxy      the HAProxy router's settings (kind {@code haproxy})
     * @param applications per application routed here: the addresses of its servers; an application
     *                     not listed is not routed (its steps behave as without a router)
     */
    record EnvironmentRouter(String kind, Haproxy haproxy, Map<String, TargetServers> applications) {

        EnvironmentRouter {
            applications = applications == null ? Map.of() : Map.copyOf(applications);
        }
    }

    /**
     * The servers of one target: {@code stable} and {@code canary} (canary deployments), or
     * {@code blue} and {@code green} (blue-green), as {@code host:port}.
     */
    record TargetServers(String stable, String canary, String blue, String green) {

        boolean isCanary() {
            return stable != null || canary != null;
        }

        /** The configured servers by role, in the order stable, canary, blue, green. */
        Map<String, String> byRole() {
            Map<String, String> out = new java.util.LinkedHashMap<>();
            if (stable != null) {
                out.put("stable", stable);
            }
            if (canary != null) {
                out.put("canary", canary);
            }
            if (blue != null) {
                out.put("blue", blue);
            }
            if (green != null) {
                out.put("green", green);
            }
            return out;
        }
    }

    /**
     * An HAProxy (2.6) started in master-worker mode with {@code -f <otherConfigFiles...> -f
     * <backendsFile>}.
     *
     * @param statsSocket      its runtime API socket ({@code stats socket ... level admin}): weights
     *                         and the canary-percent map are set there, without a reload
     * @param masterSocket     its master CLI socket ({@code -S}): {@code reload} after a rule change;
     *                         null = rule changes are refused (weights still work)
     * @param backendsFile     the file deploy-service owns and rewrites: one backend per target
     * @param mapFile          the map backend → canary percent the user-hash rule compares against;
     *                         set at run time and written back, so a reload keeps it
     * @param otherConfigFiles the operator's files haproxy is started with before {@code backendsFile}
     *                         (global, defaults, frontends): checked together with a new backends file
     * @param binary           the haproxy executable that checks a new configuration ({@code -c})
     * @param backendName      backend per target: {@code {application}} and {@code {environment}} replaced
     * @param timeout          how long the runtime API, the check and a reload may take
     */
    record Haproxy(Path statsSocket, Path masterSocket, Path backendsFile, Path mapFile,
            List<Path> otherConfigFiles,
            @DefaultValue("haproxy") String binary,
            @DefaultValue("rc_{application}_{environment}") String backendName,
            @DefaultValue("PT5S") Duration timeout) {

        Haproxy {
            otherConfigFiles = otherConfigFiles == null ? List.of() : List.copyOf(otherConfigFiles);
            binary = PropertyDefaults.ifBlank(binary, Haproxy.class, Haproxy::binary);
            backendName = PropertyDefaults.ifBlank(backendName, Haproxy.class, Haproxy::backendName);
        }
    }
}
