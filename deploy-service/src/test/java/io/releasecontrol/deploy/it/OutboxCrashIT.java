package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static io.releasecontrol.deploy.it.DeployApi.create;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.outbox.OutboxRelay;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A crash between the state change and the publish: the relay is down (as after a kill right
 * after the commit), the deployment runs to the end, nothing reaches Kafka; when the relay comes
 * back every event goes out, once, in order.
 */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class OutboxCrashIT {

    @Autowired
    WebTestClient web;
    @Autowired
    OutboxRelay relay;
    @Autowired
    DatabaseClient db;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterEach
    void relayBack() {
        relay.start();
    }

    @Test
    void losesNoEventWhenThePublisherDiesAfterTheStateChangeCommitted() {
        // whatever other tests left pending goes out first, so the count below is ours alone
        relay.drain().block(Duration.ofSeconds(30));
        relay.stop();
        String app = app("outbox-crash");
        String id = create(web, Map.of("application", app, "environment", "staging", "version", "5.0.0",
                "strategy", "blue-green"));
        awaitStatus(web, id, "SUCCEEDED");

        Long pending = db.sql("SELECT count(*) AS n FROM rc_outbox WHERE published_at IS NULL AND record_key = :key"
                        + " AND topic = 'rc.deployments'")
                .bind("key", app + ":staging").map(r -> r.get("n", Long.class)).one().block();
        // requested, started, 3 steps, traffic switch, succeeded: all committed with their state, none sent
        assertThat(pending).isEqualTo(7L);
        assertThat(DeployApi.deploymentEvents(app, "staging", 1, Duration.ofSeconds(3), Duration.ZERO)).isEmpty();

        relay.start();

        var events = DeployApi.deploymentEvents(app, "staging", 7, Duration.ofSeconds(1));
        assertThat(DeployApi.types(events)).containsExactly("DeployRequested", "DeployStarted", "DeployProgressed",
                "DeployProgressed", "TrafficShifted", "DeployProgressed", "DeploySucceeded");
        assertThat(events.stream().map(e -> e.id()).distinct()).hasSize(7);
    }
}
