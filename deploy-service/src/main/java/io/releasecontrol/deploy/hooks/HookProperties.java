package io.releasecontrol.deploy.hooks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The git webhook ({@code rc.deploy.hooks.*}).
 *
 * @param applications per application (the repository's name, or {@code ?application=}): its HMAC
 *                     secret; an application without a secret gets no deployments from hooks
 * @param branches     branch glob → environment a push to it deploys to ({@code develop: development})
 * @param tags         tag glob → environment a pushed tag deploys to ({@code "v*": staging})
 * @param strategy     strategy of hook deployments
 * @param executor     executor of hook deployments
 */
@ConfigurationProperties("rc.deploy.hooks")
public record HookProperties(Map<String, App> applications, Map<String, String> branches, Map<String, String> tags,
        @DefaultValue("rolling") String strategy, @DefaultValue("simulated") String executor) {

    public HookProperties {
        applications = applications == null ? Map.of() : Map.copyOf(applications);
        // declaration order decides when several globs match
        branches = branches == null ? Map.of() : new LinkedHashMap<>(branches);
        tags = tags == null ? Map.of() : new LinkedHashMap<>(tags);
    }

    /** One application's hook settings. */
    public record App(String secret) {
    }
}
