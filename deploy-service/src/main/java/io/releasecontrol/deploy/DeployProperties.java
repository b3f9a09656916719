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
 */
@ConfigurationProperties("rc.deploy")
public record DeployProperties(
        Map<String, EnvironmentConfig> environments,
        Simulated simulated,
        Duration logRetention,
        Duration stuckAfter,
        Duration cancelGrace,
        Duration commandCanaryPause) {

    public DeployProperties {
        environments = environments == null ? Map.of() : Map.copyOf(environments);
        simulated = simulated == null ? new Simulated(null, null, null) : simulated;
        logRetention = logRetention == null ? Duration.ofDays(30) : logRetention;
        stuckAfter = stuckAfter == null ? Duration.ofMinutes(10) : stuckAfter;
        cancelGrace = cancelGrace == null ? Duration.ofSeconds(5) : cancelGrace;
        commandCanaryPause = commandCanaryPause == null ? Duration.ofSeconds(30) : commandCanaryPause;
    }

    public EnvironmentConfig environment(String name) {
        return environments.getOrDefault(name, new EnvironmentConfig(null, null, null, null, null, null, null));
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
     */
    public record EnvironmentConfig(Path script, Duration scriptTimeout, List<URI> healthChecks,
            Duration healthTimeout, Integer instances, Integer batches, String executor) {

        public EnvironmentConfig {
            scriptTimeout = scriptTimeout == null ? Duration.ofMinutes(15) : scriptTimeout;
            healthChecks = healthChecks == null ? List.of() : List.copyOf(healthChecks);
            healthTimeout = healthTimeout == null ? Duration.ofSeconds(5) : healthTimeout;
            instances = instances == null ? 4 : instances;
            batches = batches == null ? 2 : batches;
            executor = executor != null ? executor : script != null ? "script" : "simulated";
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
}
