package io.releasecontrol.deploy;

import io.releasecontrol.runtime.config.PropertyDefaults;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * deploy-service settings ({@code rc.deploy.*}).
 *
 * @param environments   per environment: its script, health checks and size; an environment not
 *                       listed can still take simulated deployments
 * @param simulated      the simulated executor's pace and injected failures
 * @param logRetention   log lines older than this are deleted by the hourly retention job
 * @param stuckAfter     an active deployment whose runner has not been heard of for this long is failed (a
 *                       backstop: running and paused ones are taken over through their lease long before)
 * @param cancelGrace    after SIGTERM, how long a cancelled script's process tree gets before SIGKILL
 * @param commandCanaryPause pause between the steps of a canary started by a command (which has no plan)
 * @param lease          the leases that let a live instance take over a deployment whose instance died
 */
@ConfigurationProperties("rc.deploy")
public record DeployProperties(
        Map<String, EnvironmentConfig> environments,
        @DefaultValue Simulated simulated,
        @DefaultValue("P30D") Duration logRetention,
        @DefaultValue("PT10M") Duration stuckAfter,
        @DefaultValue("PT5S") Duration cancelGrace,
        @DefaultValue("PT30S") Duration commandCanaryPause,
        @DefaultValue Lease lease) {

    public DeployProperties {
        environments = environments == null ? Map.of() : Map.copyOf(environments);
    }

    /** The environment's settings; one not listed has every setting at its default. */
    public EnvironmentConfig environment(String name) {
        return environments.getOrDefault(name, EnvironmentConfig.UNLISTED);
    }

    /**
     * One environment.
     *
     * @param script        the deploy script (never taken from a request); null: no script executor here
     * @param scriptTimeout how long one script step may run before it is killed
     * @param healthChecks  URLs that must answer without 5xx after each deploy step
     * @param healthTimeout how long a health check may take
     * @param instances     instances of an application here (rolling batches are cut from these)
     * @param batches       rolling: batches per deployment
     * @param executor      the executor of deployments started by command (default: script when the
     *                      environment has one, else simulated)
     * @param scriptIdempotent whether the script may be run again for a step it was already running
     *                      when its deploy-service instance died: only then does the
     *                      instance that takes the deployment over resume it; otherwise it fails the
     *                      deployment at once, so whoever started it (a saga) can retry
     */
    public record EnvironmentConfig(
            Path script,
            @DefaultValue("PT15M") Duration scriptTimeout,
            List<URI> healthChecks,
            @DefaultValue("PT5S") Duration healthTimeout,
            @DefaultValue("4") Integer instances,
            @DefaultValue("2") Integer batches,
            String executor,
            @DefaultValue("false") boolean scriptIdempotent) {

        static final EnvironmentConfig UNLISTED = PropertyDefaults.of(EnvironmentConfig.class);

        public EnvironmentConfig {
            healthChecks = healthChecks == null ? List.of() : List.copyOf(healthChecks);
            executor = executor != null ? executor : script != null ? "script" : "simulated";
        }
    }

    /**
     * The simulated executor.
     *
     * @param stepDelay          how long one step takes, its lines spread over it
     *                           ({@code RC_DEPLOY_SIMULATED_STEP_DELAY})
     * @param failVersions       regex: deployments of a matching version fail, to show a failed deployment
     *                           ({@code RC_DEPLOY_SIMULATED_FAIL_VERSIONS}; empty: none fails) ...
     * @param failStep           ... at the first step whose name contains this (empty: the first step)
     */
    public record Simulated(
            @DefaultValue("PT1S") Duration stepDelay,
            @DefaultValue(".*-broken") String failVersions,
            @DefaultValue("") String failStep) {
    }

    /**
     * Leases on running and paused deployments ({@code rc.deploy.lease.*}). Every {@code heartbeat}
     * each instance renews the leases of the deployments it runs and claims those whose lease has
     * passed; so a deployment whose instance died is taken over between {@code duration} and
     * {@code duration + heartbeat} after its last renewal.
     *
     * @param heartbeat how often leases are renewed and expired ones looked for (PT0.1S to PT1M)
     * @param duration  how long a lease lasts unrenewed: at least two heartbeats (one late renewal
     *                  must not lose it), at most PT10M
     */
    public record Lease(@DefaultValue("PT2S") Duration heartbeat, @DefaultValue("PT10S") Duration duration) {

        static final Duration MIN_HEARTBEAT = Duration.ofMillis(100);
        static final Duration MAX_HEARTBEAT = Duration.ofMinutes(1);
        static final Duration MAX_DURATION = Duration.ofMinutes(10);

        public Lease {
            if (heartbeat.compareTo(MIN_HEARTBEAT) < 0 || heartbeat.compareTo(MAX_HEARTBEAT) > 0) {
                throw new IllegalArgumentException("rc.deploy.lease.heartbeat must be between " + MIN_HEARTBEAT
                        + " and " + MAX_HEARTBEAT + ", got " + heartbeat);
            }
            if (duration.compareTo(heartbeat.multipliedBy(2)) < 0 || duration.compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("rc.deploy.lease.duration must be between two heartbeats ("
                        + heartbeat.multipliedBy(2) + ") and " + MAX_DURATION + ", got " + duration);
            }
        }
    }
}
