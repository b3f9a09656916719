package io.releasecontrol.version.application;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param defaultEnvironments the environments of an application registered without its own list */
@ConfigurationProperties("rc.versions")
public record ApplicationProperties(List<String> defaultEnvironments) {

    public ApplicationProperties {
        defaultEnvironments = defaultEnvironments == null || defaultEnvironments.isEmpty()
                ? List.of("development", "staging", "production") : List.copyOf(defaultEnvironments);
    }
}
