package io.releasecontrol.orchestrator;

import io.releasecontrol.orchestrator.decision.Policy;
import io.releasecontrol.runtime.config.PropertyDefaults;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * rollback-orchestrator settings ({@code rc.orchestrator.*}). Durations are 15 minutes in
 * production and seconds in tests, so every one of them is configuration.
 *
 * @param observation       how long a partial rollback is watched for recovery before the full rollback
 * @param stepTimeout       how long a command step waits for deploy-service's answer; attempt n waits n times this
 * @param maxAttempts       tries of a command step before the saga fails and waits for a person
 * @param correlationWindow a breach starts a saga only if the target's deployment is active or ended less
 *                          than this ago
 * @param impactThresholdPercent at or above this share of users a rollback is full (the runbook's 10 %)
 * @param switchBackWindow  a finished blue-green deployment is rolled back by switching traffic back to its
 *                          old colour for this long after it finished; must not exceed deploy-service's
 *                          {@code rc.deploy.blue-green.keep-old-colour} (else the switch-back is refused and
 *                          the saga falls back to a new deployment after the step timeout)
 * @param timerPoll         how often due deadlines are looked for (the durable timers' resolution)
 * @param timerBatch        due sagas handled per poll and instance
 * @param listenerConcurrency Kafka listener threads per instance on rc.alerts and on rc.deployments (each
 *                          takes partitions of its topic; the Helm chart's autoscaling is checked against it)
 * @param versionService    where version-service answers the rollback-target query
 * @param skipRollback      applications that never roll back automatically (schema-migration cases;
 *                          comma-separated)
 * @param environments      per environment: approval policy and notification webhook (application.yml sets
 *                          production's full rollbacks to wait for an operator)
 * @param notifications     webhook delivery: attempts and back-off
 */
@ConfigurationProperties("rc.orchestrator")
public record OrchestratorProperties(
        @DefaultValue("PT15M") Duration observation,
        @DefaultValue("PT5M") Duration stepTimeout,
        @DefaultValue("3") Integer maxAttempts,
        @DefaultValue("PT1H") Duration correlationWindow,
        @DefaultValue("10") Double impactThresholdPercent,
        @DefaultValue("PT1H") Duration switchBackWindow,
        @DefaultValue("PT1S") Duration timerPoll,
        @DefaultValue("50") Integer timerBatch,
        @DefaultValue("3") Integer listenerConcurrency,
        @DefaultValue VersionService versionService,
        Set<String> skipRollback,
        Map<String, EnvironmentSettings> environments,
        @DefaultValue NotificationDelivery notifications) {

    /**
     * {@code listenerConcurrency} for a {@code @KafkaListener}: the bound record's value (the bean
     * {@code @EnableConfigurationProperties} registers), so that the listeners have no default of their own.
     */
    public static final String LISTENER_CONCURRENCY =
            "#{@'rc.orchestrator-io.releasecontrol.orchestrator.OrchestratorProperties'.listenerConcurrency()}";

    public OrchestratorProperties {
        skipRollback = skipRollback == null ? Set.of() : Set.copyOf(skipRollback);
        environments = environments == null ? Map.of() : Map.copyOf(environments);
    }

    public EnvironmentSettings environment(String name) {
        return environments.getOrDefault(name, new EnvironmentSettings(null, null));
    }

    /** The decision's policy for a target. */
    public Policy policy(String application, String environment) {
        return new Policy(correlationWindow, impactThresholdPercent,
                Boolean.TRUE.equals(environment(environment).approveFullRollback()), skipRollback.contains(application),
                switchBackWindow);
    }

    /**
     * Where version-service answers the rollback-target query.
     *
     * @param url     base URLs of version-service (RC_VERSION_SERVICE_URL, comma-separated like the gateway's)
     * @param timeout per query; slower answers count as failures of the circuit breaker
     */
    public record VersionService(@DefaultValue("http://127.0.0.1:8081") List<URI> url,
            @DefaultValue("PT2S") Duration timeout) {
        public VersionService {
            // an unset RC_VERSION_SERVICE_URL binds as an empty list
            url = PropertyDefaults.ifEmpty(url, VersionService.class, VersionService::url);
        }
    }

    /**
     * One environment's settings.
     *
     * @param approveFullRollback a full rollback here waits for an operator
     * @param webhook             where saga notifications of this environment are POSTed; none when null
     */
    public record EnvironmentSettings(Boolean approveFullRollback, URI webhook) {
        public EnvironmentSettings {
            // an unset variable arrives as an empty string: no webhook
            webhook = webhook == null || webhook.toString().isBlank() ? null : webhook;
        }
    }

    /**
     * Webhook delivery of saga notifications.
     *
     * @param maxAttempts    deliveries tried before a notification is given up (and logged)
     * @param initialBackoff wait after the first failure, doubled each time up to {@code maxBackoff}
     * @param maxBackoff     the longest wait between two deliveries
     * @param poll           how often pending notifications are looked for
     * @param timeout        per delivery
     */
    public record NotificationDelivery(
            @DefaultValue("8") Integer maxAttempts,
            @DefaultValue("PT2S") Duration initialBackoff,
            @DefaultValue("PT5M") Duration maxBackoff,
            @DefaultValue("PT1S") Duration poll,
            @DefaultValue("PT5S") Duration timeout) {
    }

    /** The environments whose webhook is set, for logs. */
    public List<String> notifiedEnvironments() {
        return environments.entrySet().stream().filter(e -> e.getValue().webhook() != null).map(Map.Entry::getKey)
                .sorted().toList();
    }
}
