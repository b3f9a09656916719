package io.releasecontrol.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * deploy-service settings ({@code rc.deploy.*}).
 *
 * @param environments   per environment: its script, health checks and size; an environment not
 *                       listed can still take simulated deployments
 * @param simulated      the simulated executor's pace and injected failures
 * @param logRetention   log lines older than this are deleted by the retention job
 * @param stuckAfter     an active deployment whose runner has not written for this long is failed
 * @param cancelGrace    after SIGTERM, how long a script's process tree gets before SIGKILL
 * @param commandCanaryPause pause between the steps of a canary started by a command (which has no plan)
 * @param lease          the leases that let a live instance take over a deployment whose instance died
 */
@ConfigurationProperties("rc.deploy")
public record DeployProperties(
        Map<String, EnvironmentConfig> environments,
        Simulated simulated,
        Duration logRetention,
        Duration stuckAfter,
        Duration cancelGrace,
        Duration commandCanaryPause,
        Lease lease) {

    public DeployProperties {
        environments = environments == null ? Map.of() : Map.copyOf(environments);
        simulated = simulated == null ? new Simulated(null, null, null) : simulated;
        logRetention = logRetention == null ? Duration.ofDays(30) : logRetention;
        stuckAfter = stuckAfter == null ? Duration.ofMinutes(10) : stuckAfter;
        cancelGrace = cancelGrace == null ? Duration.ofSeconds(5) : cancelGrace;
        commandCanaryPause = commandCanaryPause == null ? Duration.ofSeconds(30) : commandCanaryPause;
        lease = lease == null ? new Lease(null, null) : lease;
    }

    public EnvironmentConfig environment(String name) {
        return environments.getOrDefault(name, new EnvironmentConfig(null, null, null, null, null, null, null, null));
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
     *                      when its deploy-service instance died (default false): only then does the
     *                      instance that takes the deployment over resume it; otherwise it fails the
     *                      deployment at once, so whoever started it (a saga) can retry
     */
    public record EnvironmentConfig(Path script, Duration scriptTimeout, List<URI> healthChecks,
            Duration healthTimeout, Integer instances, Integer batches, String executor, Boolean scriptIdempotent) {

        public EnvironmentConfig {
            scriptTimeout = scriptTimeout == null ? Duration.ofMinutes(15) : scriptTimeout;
            healthChecks = healthChecks == null ? List.of() : List.copyOf(healthChecks);
            healthTimeout = healthTimeout == null ? Duration.ofSeconds(5) : healthTimeout;
            instances = instances == null ? 4 : instances;
            batches = batches == null ? 2 : batches;
            executor = executor != null ? executor : script != null ? "script" : "simulated";
            scriptIdempotent = Boolean.TRUE.equals(scriptIdempotent);
        }
    }

    /**
     * The simulated executor.
     *
     * @param stepDelay          time between the lines it writes in a step (a step writes 3)
     * @param failVersions       regex: deployments of a matching version fail ...
     * @param failStep           ... at the first step whose name contains this (default: the first step)
     */
    public record Simulated(Duration stepDelay, String failVersions, String failStep) {

        public Simulated {
            stepDelay = stepDelay == null ? Duration.ofMillis(300) : stepDelay;
            failStep = failStep == null ? "" : failStep;
        }
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
    public record Lease(Duration heartbeat, Duration duration) {

        static final Duration MIN_HEARTBEAT = Duration.ofMillis(100);
        static final Duration MAX_HEARTBEAT = Duration.ofMinutes(1);
        static final Duration MAX_DURATION = Duration.ofMinutes(10);

        public Lease {
            heartbeat = heartbeat == null ? Duration.ofSeconds(2) : heartbeat;
            duration = duration == null ? Duration.ofSeconds(10) : duration;
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
