package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.deploy.DeployProperties;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.LeaseClaim;
import io.releasecontrol.runtime.instance.InstanceId;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A deployment whose instance died mid-run is taken over through its lease by the live instance
 * (this test's): resumed from its stored step and run to the end with the simulated executor (or an
 * idempotent script), failed at once with its reason when the interrupted step ran a script that is
 * not idempotent; and of two instances claiming at once, each deployment goes to one. What the dead
 * instance leaves behind is written straight into the table: RUNNING at a step, its lease renewed a
 * moment ago and never again.
 */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
@ExtendWith(OutputCaptureExtension.class)
class DeploymentLeaseIT {

    private static final String DEAD = "deploy-dead-1";
    /** Room for a loaded machine (two cores shared with the build) on top of one heartbeat. */
    private static final Duration SLACK = Duration.ofSeconds(1);

    @Autowired
    WebTestClient web;
    @Autowired
    DatabaseClient db;
    @Autowired
    DeploymentRepository repository;
    @Autowired
    InstanceId instance;
    @Autowired
    DeployProperties props;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    @Test
    void aRunningDeploymentWhoseInstanceDiedIsClaimedWithinTheLeasePlusOneHeartbeatAndCompletes(CapturedOutput out) {
        String app = app("lease-sim");
        // died in the health check after batch 1 of 2 (traffic 50/50), its lease renewed just before
        UUID id = orphan(app, "staging", "simulated", 1, "batch 1/2 (instances 1-2)", DEAD, props.lease().duration());
        Instant expiry = leaseUntil(id);

        Duration delay = awaitClaimed(id, expiry);
        var done = awaitStatus(web, id.toString(), "SUCCEEDED");

        System.out.printf("lease takeover: claimed %d ms after the lease expired (heartbeat %s, lease %s); "
                + "succeeded %d ms after expiry%n", delay.toMillis(), props.lease().heartbeat(),
                props.lease().duration(), Duration.between(expiry, Instant.parse((String) done.get("completedAt")))
                        .toMillis());
        assertThat(delay).isLessThanOrEqualTo(props.lease().heartbeat().plus(SLACK));
        assertThat(done).containsEntry("progress", 100);
        assertThat(logLines(id)).anySatisfy(l -> assertThat(l).startsWith("resumed by instance " + instance.value()
                + " at step 'health check after batch 1': instance " + DEAD + " stopped renewing its lease"));
        // batch 1 is not deployed again: the plan goes on from the stored step
        assertThat(logLines(id)).noneMatch(l -> l.startsWith("step 1:")).anyMatch(l -> l.startsWith("step 3:"));
        assertThat(out.getOut()).contains("deployment " + id + " lease from " + DEAD + " -> " + instance.value());
    }

    @Test
    void anInterruptedScriptStepIsRunAgainOnlyWhenTheEnvironmentDeclaresItsScriptIdempotent() {
        // died while the script ran batch 1/1: not idempotent -> failed at once, with the reason
        UUID plain = orphan(app("lease-script"), "scripted", "script", 0, null, DEAD, Duration.ZERO);
        // the same where the script is declared idempotent -> run again, to the end
        UUID idempotent = orphan(app("lease-script-idem"), "scripted-idempotent", "script", 0, null, DEAD,
                Duration.ZERO);

        var failed = awaitStatus(web, plain.toString(), "FAILED");
        assertThat(failed).containsEntry("currentStep", "batch 1/1 (instances 1-2)");
        assertThat((String) failed.get("failureReason"))
                .startsWith("the instance running it died and the script is not declared idempotent")
                .contains("instance " + DEAD + " stopped renewing its lease at step 'batch 1/1 (instances 1-2)'");
        assertThat(logLines(plain)).noneMatch(l -> l.startsWith("line 1 of"));

        awaitStatus(web, idempotent.toString(), "SUCCEEDED");
        assertThat(logLines(idempotent)).contains("line 1 of batch 1/1 (instances 1-2)");
    }

    @Test
    void twoInstancesClaimingAtOnceNeverBothClaimADeployment() throws Exception {
        List<UUID> orphans = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            orphans.add(orphan(app("lease-race"), "staging", "simulated", 1, "batch 1/2 (instances 1-2)", DEAD,
                    Duration.ofSeconds(-1)));
        }
        Set<UUID> mine = Set.copyOf(orphans);
        Map<String, List<UUID>> claimed = new ConcurrentHashMap<>();
        // two claimers (plus this context's own job) racing in rounds of 3 until nothing is left;
        // their leases are long, so a claim stands for the whole test
        CountDownLatch go = new CountDownLatch(1);
        var a1 = claimer("claimer-a", mine, claimed, go);
        var b1 = claimer("claimer-b", mine, claimed, go);
        go.countDown();
        CompletableFuture.allOf(a1, b1).get(60, TimeUnit.SECONDS);

        List<UUID> a = claimed.getOrDefault("claimer-a", List.of());
        List<UUID> b = claimed.getOrDefault("claimer-b", List.of());
        Set<UUID> both = new HashSet<>(a);
        both.retainAll(b);
        assertThat(both).as("claimed by both").isEmpty();
        assertThat(a).doesNotHaveDuplicates();
        assertThat(b).doesNotHaveDuplicates();
        System.out.printf("lease race: %d deployments, claimer-a %d, claimer-b %d, live instance %d%n",
                orphans.size(), a.size(), b.size(), orphans.size() - a.size() - b.size());
        // each row is held by the one that claimed it; what neither got, the live instance took
        for (UUID id : orphans) {
            String owner = owner(id);
            assertThat(owner).isEqualTo(a.contains(id) ? "claimer-a" : b.contains(id) ? "claimer-b" : instance.value());
        }
        // the fake claimers never run anything: end their deployments so nobody takes them over later
        db.sql("UPDATE deployments SET status = 'CANCELLED', completed_at = now() WHERE lease_owner IN"
                + " ('claimer-a', 'claimer-b') AND status = 'RUNNING'").then().block();
    }

    /** Claims in rounds, on its own thread, until none of {@code mine} is left; records what it got. */
    private CompletableFuture<Void> claimer(String name, Set<UUID> mine, Map<String, List<UUID>> claimed,
            CountDownLatch go) {
        return CompletableFuture.runAsync(() -> {
            List<UUID> got = claimed.computeIfAbsent(name, k -> Collections.synchronizedList(new ArrayList<>()));
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            while (remaining(mine) > 0) {
                repository.claimExpiredLeases(name, Duration.ofMinutes(5), 3, false).collectList()
                        .block(Duration.ofSeconds(10)).stream().map(LeaseClaim::deploymentId)
                        .filter(mine::contains).forEach(got::add);
            }
        });
    }

    private long remaining(Set<UUID> mine) {
        return db.sql("SELECT count(*) AS n FROM deployments WHERE id = ANY(:ids) AND lease_owner = :dead")
                .bind("ids", mine.toArray(UUID[]::new)).bind("dead", DEAD)
                .map(r -> r.get("n", Long.class)).one().block();
    }

    /**
     * Writes what a dead instance leaves: a RUNNING deployment at {@code stepIndex}, leased by
     * {@code owner} until {@code leaseLeft} from now.
     */
    private UUID orphan(String app, String env, String executor, int stepIndex, String step, String owner,
            Duration leaseLeft) {
        UUID id = UUID.randomUUID();
        int newPercent = stepIndex == 0 ? 0 : 50;
        db.sql("INSERT INTO deploy_targets (application, environment, last_sequence) VALUES (:app, :env, 1)")
                .bind("app", app).bind("env", env).then().block();
        db.sql("""
                INSERT INTO deployments (id, application, environment, version, strategy, executor, status, progress,
                    current_step, step_index, stable_percent, new_percent, requested_by, sequence, created_at,
                    started_at, heartbeat_at, lease_owner, lease_until)
                VALUES (:id, :app, :env, '2.0.0', 'rolling', :executor, 'RUNNING', :progress, :step, :stepIndex,
                    :stable, :newPercent, 'alice', 1, now(), now(), now(), :owner,
                    now() + make_interval(secs => :left))""")
                .bind("id", id).bind("app", app).bind("env", env).bind("executor", executor)
                .bind("progress", stepIndex * 25).bind("stepIndex", stepIndex)
                .bind("stable", 100 - newPercent).bind("newPercent", newPercent).bind("owner", owner)
                .bind("left", (double) leaseLeft.toMillis() / 1000)
                .bind("step", step == null ? "starting" : step)
                .then().block();
        return id;
    }

    /** How long after {@code expiry} the live instance resumed the deployment (its log line's time). */
    private Duration awaitClaimed(UUID id, Instant expiry) {
        var resumed = new java.util.concurrent.atomic.AtomicReference<Instant>();
        await().atMost(props.lease().duration().plus(Duration.ofSeconds(20))).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    resumed.set(db.sql("SELECT min(at) AS at FROM deploy_logs WHERE deployment_id = :id"
                                    + " AND line LIKE 'resumed by instance %'")
                            .bind("id", id).map(r -> java.util.Optional.ofNullable(r.get("at", Instant.class)))
                            .one().block().orElse(null));
                    return resumed.get() != null;
                });
        return Duration.between(expiry, resumed.get());
    }

    private Instant leaseUntil(UUID id) {
        return db.sql("SELECT lease_until FROM deployments WHERE id = :id").bind("id", id)
                .map(r -> r.get("lease_until", Instant.class)).one().block();
    }

    private String owner(UUID id) {
        return db.sql("SELECT lease_owner FROM deployments WHERE id = :id").bind("id", id)
                .map(r -> r.get("lease_owner", String.class)).one().block();
    }

    private List<String> logLines(UUID id) {
        return db.sql("SELECT line FROM deploy_logs WHERE deployment_id = :id ORDER BY sequence").bind("id", id)
                .map(r -> r.get("line", String.class)).all().collectList().block();
    }
}
