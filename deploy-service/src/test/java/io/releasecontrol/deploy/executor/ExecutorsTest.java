package io.releasecontrol.deploy.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.releasecontrol.deploy.DeployProperties;
import io.releasecontrol.deploy.deployment.DeploymentOptions;
import io.releasecontrol.deploy.deployment.DeploymentSpec;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.strategy.Step;
import io.releasecontrol.events.Strategy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The executors and the health checker, each on its own, with real processes and a real HTTP server. */
class ExecutorsTest {

    @TempDir
    Path dir;

    private static DeploymentSpec spec(String version, UUID rollbackOf) {
        return NewDeployment.builder().application("shop").environment("test").version(version)
                .strategy(Strategy.ROLLING).executor("script").requestedBy("alice").rollbackOf(rollbackOf)
                .options(new DeploymentOptions(true, false, null, null, null, List.of("V7", "V8"))).build()
                .toSpec(UUID.randomUUID(), 1, Instant.now());
    }

    private static Execution execution(DeploymentSpec spec) {
        return new Execution(spec, new Step("batch 1/1", Step.Kind.DEPLOY, 50, 100), 100, "1.0.0", null);
    }

    /** deploy-service's settings bound from these {@code rc.deploy.*} properties, the others at their defaults. */
    private static DeployProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("rc.deploy", DeployProperties.class);
    }

    private DeployProperties props(String script, Duration timeout) throws IOException {
        Path file = dir.resolve("deploy.sh");
        Files.writeString(file, "#!/usr/bin/env bash\n" + script + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bind(Map.of("rc.deploy.environments.test.script", file.toString(),
                "rc.deploy.environments.test.script-timeout", timeout.toString(), "rc.deploy.cancel-grace", "PT1S"));
    }

    @Test
    void givesTheScriptTheDeploymentsParametersAndRollbackDetailsInEnvironmentVariables() throws IOException {
        UUID of = UUID.randomUUID();
        var executor = new ScriptExecutor(props("echo \"$RC_APPLICATION $RC_ENVIRONMENT $RC_VERSION $RC_STRATEGY "
                + "$RC_STEP|$RC_WEIGHT $RC_SKIP_BUILD $RC_SKIP_MIGRATION $RC_ROLLBACK $RC_ROLLBACK_OF "
                + "$RC_REPLACES_VERSION $RC_REVERT_MIGRATIONS\"", Duration.ofSeconds(10)));
        StepVerifier.create(executor.start(execution(spec("0.9.0", of))).map(OutputLine::text))
                .expectNext("shop test 0.9.0 rolling batch 1/1|100 true false 1 " + of + " 1.0.0 V7,V8")
                .verifyComplete();
    }

    @Test
    void givesTheScriptThePromotionStepAndTheRoutersServersByRole() throws IOException {
        var executor = new ScriptExecutor(props("echo \"$RC_STEP_KIND|$RC_WEIGHT|$RC_ROUTER_STABLE|$RC_ROUTER_CANARY|"
                + "${RC_ROUTER_BLUE-unset}\"", Duration.ofSeconds(10)));
        var promote = new Execution(spec("1.1.0", null), new Step(Step.PROMOTE_TO_STABLE, Step.Kind.PROMOTE, 100, 100),
                100, "1.0.0", null, Map.of("stable", "10.0.1.10:8080", "canary", "10.0.1.11:8080"));
        StepVerifier.create(executor.start(promote).map(OutputLine::text))
                .expectNext("PROMOTE|100|10.0.1.10:8080|10.0.1.11:8080|unset")
                .verifyComplete();
    }

    @Test
    void streamsStdoutAndStderrLineByLineAndFailsWithTheExitCodeAndLastLines() throws IOException {
        var executor = new ScriptExecutor(props("echo one; echo two >&2; exit 4", Duration.ofSeconds(10)));
        StepVerifier.create(executor.start(execution(spec("1.0.0", null))).collectList())
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ExecutionFailedException.class);
                    var failed = (ExecutionFailedException) e;
                    assertThat(failed.exitCode()).isEqualTo(4);
                    assertThat(failed.lastLines()).containsExactlyInAnyOrder("one", "two");
                })
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void killsAScriptThatRunsPastItsTimeout() throws IOException {
        var executor = new ScriptExecutor(props("echo started; sleep 30", Duration.ofMillis(500)));
        StepVerifier.create(executor.start(execution(spec("1.0.0", null))))
                .expectNextMatches(l -> l.text().equals("started"))
                // the shell may report its killed child ("Terminated") before it dies itself
                .thenConsumeWhile(l -> l.stream().equals("stderr"))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ExecutionFailedException.class)
                        .hasMessage("script timed out after PT0.5S and was killed"))
                .verify(Duration.ofSeconds(10));
    }

    @Test
    void startingTheSameStepTwiceRunsTheScriptOnce() throws IOException {
        Path counter = dir.resolve("runs");
        var executor = new ScriptExecutor(props("echo run >> " + counter + "; sleep 0.3; echo done",
                Duration.ofSeconds(10)));
        var execution = execution(spec("1.0.0", null));
        StepVerifier.create(Flux.merge(executor.start(execution), executor.start(execution)).count())
                .expectNext(2L) // both subscribers see the one run's single line
                .verifyComplete();
        assertThat(counter).content().isEqualTo("run\n");
    }

    @Test
    void saysWhyTheScriptExecutorCannotRunInAnEnvironmentWithoutScript() throws IOException {
        var executor = new ScriptExecutor(props("true", Duration.ofSeconds(1)));
        assertThat(executor.unavailableFor("test")).isNull();
        assertThat(executor.unavailableFor("prod"))
                .isEqualTo("environment 'prod' has no deploy script configured (rc.deploy.environments.prod.script)");
    }

    @Test
    void simulatedExecutorFailsInjectedVersionsAndDescribesCanaryRouting() {
        // versions ending in -broken fail by default
        var executor = new SimulatedExecutor(bind(Map.of("rc.deploy.simulated.step-delay", "PT0.03S")));
        StepVerifier.create(executor.start(execution(spec("1.0.0", null))).map(OutputLine::text))
                .expectNextCount(3).verifyComplete();
        StepVerifier.create(executor.start(execution(spec("1.0.0-broken", null))))
                .expectNextCount(3)
                .expectErrorMessage("injected failure at 'batch 1/1' for version 1.0.0-broken")
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void healthCheckPassesOn2xxAndFailsOn5xxOrTimeout() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", x -> { x.sendResponseHeaders(200, -1); x.close(); });
        server.createContext("/broken", x -> { x.sendResponseHeaders(503, -1); x.close(); });
        server.createContext("/slow", x -> {
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            var checker = new HealthChecker(bind(Map.of(
                    "rc.deploy.environments.good.health-checks", base + "/ok",
                    "rc.deploy.environments.good.health-timeout", "PT10S",
                    "rc.deploy.environments.bad.health-checks", base + "/ok," + base + "/broken",
                    "rc.deploy.environments.bad.health-timeout", "PT10S",
                    "rc.deploy.environments.slow.health-checks", base + "/slow",
                    "rc.deploy.environments.slow.health-timeout", "PT0.3S")));
            StepVerifier.create(checker.check("good")).expectNextMatches(l -> l.text().contains("-> 200"))
                    .verifyComplete();
            StepVerifier.create(checker.check("bad")).expectNextCount(1)
                    .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("/broken -> 503"))
                    .verify(Duration.ofSeconds(5));
            StepVerifier.create(checker.check("slow"))
                    .expectErrorSatisfies(e -> assertThat(e).hasMessageContaining("no answer within PT0.3S"))
                    .verify(Duration.ofSeconds(5));
        } finally {
            server.stop(0);
        }
    }
}
