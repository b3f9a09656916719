package io.releasecontrol.version;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Which version runs where: applications, versions, upgrade log, migrations, compatibility, drift. */
@SpringBootApplication
public class VersionServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(VersionServiceApplication.class, args);
    }
}
