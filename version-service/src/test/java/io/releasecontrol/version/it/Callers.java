package io.releasecontrol.version.it;

import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Identity headers as the gateway would sign them, one per role. */
final class Callers {

    private static final IdentityCodec CODEC = new IdentityCodec(RcInfrastructureInitializer.TEST_IDENTITY_SECRET,
            Duration.ofMinutes(5), Clock.systemUTC());

    private Callers() {
    }

    static String viewer() {
        return CODEC.sign("vera-viewer", List.of("viewer"));
    }

    static String deployer() {
        return CODEC.sign("dan-deployer", List.of("deployer"));
    }

    static String admin() {
        return CODEC.sign("ada-admin", List.of("admin"));
    }
}
