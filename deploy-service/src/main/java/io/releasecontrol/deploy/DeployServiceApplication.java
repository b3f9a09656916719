package io.releasecontrol.deploy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Deployments with rolling, blue-green and canary strategies, live logs, cancel, maintenance mode. */
@SpringBootApplication
@EnableConfigurationProperties(DeployProperties.class)
public class DeployServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeployServiceApplication.class, args);
    }
}
