package io.releasecontrol.runtime.instance;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** This process's {@link InstanceId}, one per application context. */
@AutoConfiguration
public class InstanceAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InstanceId rcInstanceId(Environment env) {
        return InstanceId.of(env);
    }
}
