package io.releasecontrol.metrics.deployment;

import io.releasecontrol.events.deployment.DeploymentEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * This instance's view of which versions every target runs, and the router server each runs behind
 * ({@link ServerRole}), folded from {@code rc.deployments} ({@link TargetVersions}). In memory only:
 * a target holds at most two version names, and the view is rebuilt from the topic at every start
 * ({@link DeploymentListener}).
 */
@Component
public class RunningVersions {

    private static final Logger log = LoggerFactory.getLogger(RunningVersions.class);

    /**
     * @param versions the stable version first, then a running deployment's
     * @param roles    the router server each version runs behind; a version is missing while its role is not
     *                 known (its deployment's start was missed, {@link TargetVersions#role})
     */
    public record Target(String application, String environment, List<String> versions,
            Map<String, ServerRole> roles) {

        public Target {
            versions = List.copyOf(versions);
            roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        }

        /** The server {@code version} runs behind; empty when that is not known. */
        public Optional<ServerRole> role(String version) {
            return Optional.ofNullable(roles.get(version));
        }
    }

    private final Map<String, TargetVersions> byTarget = new ConcurrentHashMap<>();

    /** Folds one event into its target's versions; logs a change of them or of their roles as "from -> to". */
    public void apply(DeploymentEvent event) {
        String key = event.application() + ":" + event.environment();
        TargetVersions before = byTarget.getOrDefault(key, TargetVersions.NONE);
        TargetVersions after = byTarget.compute(key, (k, current) ->
                (current == null ? TargetVersions.NONE : current).apply(event));
        List<String> from = described(before);
        List<String> to = described(after);
        if (!from.equals(to)) {
            log.info("versions running in {} from {} -> {}", key, from, to);
        }
    }

    /** "1.0.0 stable", "1.1.0 canary", or "1.1.0 role unknown". */
    private static List<String> described(TargetVersions v) {
        return v.versions().stream().map(version -> version + " " + v.role(version).map(ServerRole::wire)
                .orElse("role unknown")).toList();
    }

    /** The versions of one target; empty when no deployment of it is known. */
    public List<String> versions(String application, String environment) {
        return byTarget.getOrDefault(application + ":" + environment, TargetVersions.NONE).versions();
    }

    /** Every target with at least one known version. */
    public List<Target> targets() {
        List<Target> out = new ArrayList<>();
        byTarget.forEach((key, v) -> {
            List<String> versions = v.versions();
            if (!versions.isEmpty()) {
                int colon = key.indexOf(':');
                out.add(new Target(key.substring(0, colon), key.substring(colon + 1), versions, v.roles()));
            }
        });
        return out;
    }
}
