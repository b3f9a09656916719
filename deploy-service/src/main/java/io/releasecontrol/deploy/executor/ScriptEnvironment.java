package io.releasecontrol.deploy.executor;

import java.util.LinkedHashMap;
import java.util.Map;

/** The environment variables a deploy script gets: the deployment's parameters, nothing from its body. */
final class ScriptEnvironment {

    private ScriptEnvironment() {
    }

    static Map<String, String> of(Execution e) {
        var d = e.deployment();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RC_DEPLOYMENT_ID", d.id().toString());
        env.put("RC_APPLICATION", d.application());
        env.put("RC_ENVIRONMENT", d.environment());
        env.put("RC_VERSION", d.version());
        env.put("RC_STRATEGY", d.strategy().wire());
        env.put("RC_STEP", e.step().name());
        env.put("RC_STEP_KIND", e.step().kind().name());
        env.put("RC_WEIGHT", String.valueOf(e.weight()));
        env.put("RC_SKIP_BUILD", String.valueOf(d.options().skipBuild()));
        env.put("RC_SKIP_MIGRATION", String.valueOf(d.options().skipMigration()));
        env.put("RC_ROLLBACK", d.isRollback() ? "1" : "0");
        env.put("RC_PREVIOUS_VERSION", e.previousVersion() == null ? "" : e.previousVersion());
        if (d.isRollback()) {
            env.put("RC_ROLLBACK_OF", d.rollbackOf().toString());
            // a rollback replaces what runs now; the script restores code, config and schema together
            env.put("RC_REPLACES_VERSION", e.previousVersion() == null ? "" : e.previousVersion());
            env.put("RC_REVERT_MIGRATIONS", String.join(",", d.options().revertMigrations()));
        }
        if (e.colour() != null) {
            env.put("RC_COLOUR", e.colour());
        }
        // the router's servers by role: RC_ROUTER_STABLE=10.0.1.10:8080, RC_ROUTER_CANARY=...
        e.servers().forEach((role, address) -> env.put("RC_ROUTER_" + role.toUpperCase(java.util.Locale.ROOT), address));
        if (d.options().branch() != null) {
            env.put("RC_BRANCH", d.options().branch());
        }
        if (d.options().commit() != null) {
            env.put("RC_COMMIT", d.options().commit());
        }
        return env;
    }
}
