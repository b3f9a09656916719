package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static io.releasecontrol.deploy.it.DeployApi.create;
import static io.releasecontrol.deploy.it.DeployApi.deploymentEvents;
import static io.releasecontrol.deploy.it.DeployApi.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.deploy.DeployServiceApplication;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A scheduled deployment survives a real restart of the service: it is accepted by one process,
 * that process stops before the deployment's time, and a new process on the same database starts
 * it, once. Runs its own contexts (own schema, Kafka listeners off) so the shared test context
 * cannot stand in for either process.
 */
class ScheduledDeploymentRestartIT {

    /** Long enough that the first process is surely stopped before the time, even on a loaded machine. */
    private static final Duration LEAD = Duration.ofSeconds(10);

    @Test
    void isStartedOnceByTheNextProcessWhenItsTimeCameWhileTheServiceWasDown() throws Exception {
        String app = app("sched-reboot");
        String id;
        Instant at;
        try (ConfigurableApplicationContext first = start()) {
            at = Instant.now().plus(LEAD).truncatedTo(ChronoUnit.MILLIS);
            Map<String, Object> request = new HashMap<>(Map.of("application", app, "environment", "staging",
                    "version", "7.1.0", "strategy", "rolling", "executor", "simulated"));
            request.put("scheduledAt", at.toString());
            id = create(client(first), request);
        } // stopped: the schedule is only in the database now

        assertThat(Instant.now()).as("the first process stopped before the scheduled time").isBefore(at);
        await().atMost(LEAD.plusSeconds(10)).until(() -> Instant.now().isAfter(at));

        try (ConfigurableApplicationContext second = start()) {
            // started at or after its time, which came only after the first process had stopped
            var done = awaitStatus(client(second), id, "SUCCEEDED");
            assertThat(Instant.parse((String) done.get("startedAt"))).isAfterOrEqualTo(at);
            var events = types(deploymentEvents(app, "staging", 4, Duration.ofSeconds(2)));
            assertThat(events).first().isEqualTo("DeployRequested");
            assertThat(Collections.frequency(events, "DeployStarted")).isEqualTo(1);
            assertThat(events).last().isEqualTo("DeploySucceeded");
        }
    }

    private static WebTestClient client(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static ConfigurableApplicationContext start() throws IOException {
        Properties it = PropertiesLoaderUtils.loadProperties(new ClassPathResource("deploy-it.properties"));
        List<String> args = new ArrayList<>();
        it.forEach((k, v) -> args.add("--" + k + "=" + v));
        // no command listener: with its own consumer group it would replay every command other tests
        // sent and publish their targets' events a second time; a scheduled start needs only the database
        args.addAll(List.of("--server.port=0", "--spring.application.name=deploy-service-restart",
                "--rc.postgres.schema=deploy_restart", "--spring.kafka.listener.auto-startup=false"));
        return new SpringApplicationBuilder(DeployServiceApplication.class)
                .initializers(new RcInfrastructureInitializer()).run(args.toArray(String[]::new));
    }
}
