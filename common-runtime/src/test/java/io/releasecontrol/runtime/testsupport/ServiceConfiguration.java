package io.releasecontrol.runtime.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * A module's configuration as it binds at start: its own {@code src/main/resources/application.yml}
 * (when it has one; never a test's) under the environment variables a test names, and none of the
 * machine's. For tests that check each key's effective default and that its variable wins.
 */
public final class ServiceConfiguration {

    private static final Path APPLICATION_YML = Path.of("src/main/resources/application.yml");

    private final Binder binder;

    private ServiceConfiguration(Map<String, Object> environmentVariables) {
        StandardEnvironment env = new StandardEnvironment();
        MutablePropertySources sources = env.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        String variables = StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;
        sources.replace(variables, new SystemEnvironmentPropertySource(variables, environmentVariables));
        if (Files.exists(APPLICATION_YML)) {
            try {
                for (PropertySource<?> yml : new YamlPropertySourceLoader().load("application.yml",
                        new FileSystemResource(APPLICATION_YML))) {
                    sources.addLast(yml);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ConfigurationPropertySources.attach(env);
        this.binder = Binder.get(env);
    }

    /** Nothing but the module's application.yml: every key at its default. */
    public static ServiceConfiguration defaults() {
        return new ServiceConfiguration(Map.of());
    }

    /** The module's application.yml under these environment variables ({@code RC_DEPLOY_LOG_RETENTION=P7D}). */
    public static ServiceConfiguration withEnvironment(Map<String, Object> environmentVariables) {
        return new ServiceConfiguration(environmentVariables);
    }

    /** The properties record bound under its {@code @ConfigurationProperties} prefix, as the service binds it. */
    public <T> T bind(Class<T> type) {
        String prefix = MergedAnnotations.from(type).get(ConfigurationProperties.class).getString("prefix");
        return binder.bindOrCreate(prefix, type);
    }
}
