package io.releasecontrol.deploy.checklist;

import java.util.Arrays;
import java.util.Optional;

/** The pre-deployment checks deploy-service evaluates itself, by their wire names. */
public enum AutoCheck {
    /** version-service knows the version (it was registered). */
    VERSION_EXISTS("version-exists"),
    /** The version is registered and each reversible migration it declares has its down script. */
    MIGRATIONS_DECLARED("migrations-declared"),
    /** An earlier version succeeded in the environment: there is something to roll back to. */
    ROLLBACK_TARGET_EXISTS("rollback-target-exists"),
    /** The application's last finished deployment in the policy's preceding environment succeeded and was not rolled back. */
    PREVIOUS_ENVIRONMENT_HEALTHY("previous-environment-healthy");

    private final String wire;

    AutoCheck(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<AutoCheck> fromWire(String value) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(value)).findFirst();
    }
}
