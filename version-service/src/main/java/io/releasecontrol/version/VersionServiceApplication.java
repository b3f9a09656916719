package io.releasecontrol.version;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Which version runs where: applications, versions, upgrade log, migrations, compatibility, drift. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VersionServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(VersionServiceApplication.class, args);
    }
}
