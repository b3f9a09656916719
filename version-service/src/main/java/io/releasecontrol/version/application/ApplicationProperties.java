package io.releasecontrol.version.application;

import io.releasecontrol.runtime.config.PropertyDefaults;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * version-service settings ({@code rc.versions.*}).
 *
 * @param defaultEnvironments the environments of an application registered without its own list
 *                            ({@code RC_DEFAULT_ENVIRONMENTS}, comma-separated)
 */
@ConfigurationProperties("rc.versions")
public record ApplicationProperties(
        @DefaultValue({"development", "staging", "production"}) List<String> defaultEnvironments) {

    public ApplicationProperties {
        // an unset RC_DEFAULT_ENVIRONMENTS binds as an empty list: the default, as it always was
        defaultEnvironments = PropertyDefaults.ifEmpty(defaultEnvironments, ApplicationProperties.class,
                ApplicationProperties::defaultEnvironments);
    }
}
