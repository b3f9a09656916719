package io.releasecontrol.cluster;

import static io.releasecontrol.cluster.Manifests.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.Topics;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose/compose.yaml, parsed (no Docker here) and held against the Helm chart rendered by
 * Helm: the same services, images, ports and readiness probes, the wiring variables the chart gives
 * each service, dependencies on healthy infrastructure, and no secret written into the file.
 */
class ComposeFileTest {

    static final Set<String> INFRASTRUCTURE = Set.of("kafka", "kafka-init", "postgres", "mongo", "redis");
    /** What a chart service's `uses` entry means in compose: the container it waits for, and how. */
    static final Map<String, String> USES_TO_CONTAINER =
            Map.of("kafka", "kafka-init", "postgresql", "postgres", "mongodb", "mongo", "redis", "redis");

    private static Map<String, Map<String, Object>> compose;
    private static Manifests chart;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() {
        Map<String, Object> file = new Yaml().load(DeployFiles.read(DeployFiles.COMPOSE));
        compose = (Map<String, Map<String, Object>>) file.get("services");
        // with every optional secret set, so every variable the chart can give is there
        chart = HelmChartTest.renderWithOptionalSecrets();
    }

    @Test
    void runsTheChartsServicesPlusTheInfrastructure() {
        Set<String> expected = new HashSet<>(DeployFiles.chartServices().keySet());
        expected.addAll(INFRASTRUCTURE);
        assertThat(compose.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void buildsEachServiceFromItsModulesJarAsTheChartsImage() {
        for (String service : DeployFiles.chartServices().keySet()) {
            Map<String, Object> c = compose.get(service);
            assertThat((String) path(c, "build", "args", "MODULE")).as(service).isEqualTo(service);
            String context = path(c, "build", "context");
            String dockerfile = path(c, "build", "dockerfile");
            assertThat(DeployFiles.MODULE.resolve("compose").resolve(context).normalize()).isEqualTo(DeployFiles.ROOT);
            assertThat(DeployFiles.ROOT.resolve(dockerfile)).isRegularFile();
            assertThat(DeployFiles.ROOT.resolve(service).resolve("pom.xml")).as("module of " + service).isRegularFile();
            assertThat(c.get("image")).as(service).isEqualTo(chart.container(service).get("image"));
        }
        // the Dockerfile copies exactly the jar the module's build produces
        assertThat(DeployFiles.read(DeployFiles.ROOT.resolve("deploy/compose/Dockerfile")))
                .contains("COPY ${MODULE}/target/${MODULE}-${VERSION}.jar app.jar")
                .contains("ARG VERSION=" + chart.container("gateway").get("image").toString().split(":")[1]);
    }

    @Test
    void portsAndHealthchecksMatchTheChartsReadinessProbes() {
        DeployFiles.chartServices().forEach((service, values) -> {
            Map<String, Object> c = compose.get(service);
            Object port = values.get("port");
            // compose leaves each service on its own default port, which is the chart's
            assertThat((Map<String, Object>) path(c, "environment")).as(service).doesNotContainKey("SERVER_PORT");
            assertThat(DeployFiles.servicePort(service)).as(service).isEqualTo(port);
            String readiness = path(chart.container(service), "readinessProbe", "httpGet", "path");
            List<String> test = path(c, "healthcheck", "test");
            assertThat(test).as(service).contains("http://localhost:" + port + readiness);
        });
    }

    @Test
    void givesEachServiceTheChartsWiringAndOnlyVariablesItsCodeReads() {
        DeployFiles.chartServices().forEach((service, values) -> {
            Map<String, Object> env = path(compose.get(service), "environment");
            for (String variable : env.keySet()) {
                if (variable.startsWith("RC_")) {
                    assertThat(DeployFiles.serviceReads(service, variable))
                            .as("compose gives %s %s, which its code never reads", service, variable).isTrue();
                }
            }
            // wiring = what the chart sets beyond the service's tunable `config` entries
            Map<String, Object> tunables = (Map<String, Object>) values.get("config");
            Set<String> wiring = new HashSet<>(HelmChartTest.rcVariables(chart.environment(service).keySet()));
            wiring.removeAll(tunables.keySet());
            assertThat(env.keySet()).as("compose environment of %s", service).containsAll(wiring);
        });
    }

    @Test
    void startsServicesOnlyOnceWhatTheyUseIsHealthy() {
        DeployFiles.chartServices().forEach((service, values) -> {
            Map<String, Map<String, Object>> dependsOn = path(compose.get(service), "depends_on");
            for (String used : (List<String>) values.get("uses")) {
                String container = USES_TO_CONTAINER.getOrDefault(used, used);
                String condition = container.equals("kafka-init") ? "service_completed_successfully" : "service_healthy";
                assertThat(dependsOn).as("%s uses %s", service, used).containsKey(container);
                assertThat(dependsOn.get(container)).containsEntry("condition", condition);
            }
            dependsOn.forEach((target, how) -> {
                if ("service_healthy".equals(how.get("condition"))) {
                    assertThat(compose.get(target)).as("%s waits for %s to be healthy", service, target).containsKey("healthcheck");
                }
            });
        });
        assertThat((Map<String, Object>) path(compose.get("kafka-init"), "depends_on", "kafka"))
                .containsEntry("condition", "service_healthy");
    }

    @Test
    void secretsComeFromTheEnvironmentNeverFromTheFile() {
        compose.forEach((name, c) -> {
            Map<String, Object> env = path(c, "environment");
            if (env == null) {
                return;
            }
            env.forEach((variable, value) -> {
                if (HelmChartTest.SECRET_VARIABLES.contains(variable) || variable.contains("PASSWORD")) {
                    assertThat(String.valueOf(value)).as("%s of %s", variable, name).containsPattern("\\$\\{RC_[A-Z_]+:\\?[^}]*}");
                }
            });
        });
        // and it is a required interpolation: compose refuses to start without it rather than run with none
        assertThat((String) path(compose.get("gateway"), "environment", "RC_IDENTITY_SECRET")).startsWith("${RC_IDENTITY_SECRET:?");
        assertThat(DeployFiles.MODULE.resolve("compose/.env")).satisfiesAnyOf(
                env -> assertThat(Files.exists(env)).isFalse(),
                env -> assertThat(DeployFiles.read(DeployFiles.MODULE.resolve("compose/.gitignore"))).contains(".env"));
    }

    @Test
    void kafkaInitCreatesEveryTopicOfTheContractsWithTheChartsKafkaImage() {
        Map<String, Object> init = compose.get("kafka-init");
        String topics = path(init, "environment", "TOPICS");
        assertThat(topics.split(" ")).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics.Spec::name).toList());
        assertThat(String.join("\n", (List<String>) init.get("command"))).contains("\"$$t" + Topics.DLT_SUFFIX + "\"");
        Map<String, Object> kafka = (Map<String, Object>) DeployFiles.chartValues().get("kafka");
        String chartKafkaImage = path(kafka, "topics", "image");
        assertThat(compose.get("kafka").get("image")).isEqualTo(chartKafkaImage);
        assertThat(init.get("image")).isEqualTo(chartKafkaImage);
        // the broker never creates topics from a typo; kafka-init is the one creator
        assertThat((Object) path(compose.get("kafka"), "environment", "KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
    }
}
