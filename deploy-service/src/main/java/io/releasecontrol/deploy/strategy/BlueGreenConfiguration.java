package io.releasecontrol.deploy.strategy;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the blue-green settings, beside the strategy that uses them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BlueGreenProperties.class)
class BlueGreenConfiguration {
}
