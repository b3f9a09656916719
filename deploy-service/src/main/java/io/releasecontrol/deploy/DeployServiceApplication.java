package io.releasecontrol.deploy;

import io.releasecontrol.deploy.hooks.HookProperties;
import io.releasecontrol.deploy.release.ReleaseProperties;
import io.releasecontrol.deploy.versions.VersionServiceProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import io.releasecontrol.deploy.analysis.AnalysisProperties;

/** Deployments with rolling, blue-green and canary strategies, live logs, cancel, maintenance mode. */
@SpringBootApplication
@EnableConfigurationProperties({DeployProperties.class, ReleaseProperties.class, HookProperties.class,
        VersionServiceProperties.class, AnalysisProperties.class})
public class DeployServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(DeployServiceApplication.class, args);
    }
}
