package io.releasecontrol.cluster;

import static io.releasecontrol.cluster.Manifests.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.releasecontrol.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/helm/release-control, linted and rendered by Helm's real engine (no cluster needed): every
 * service of the suite gets its Deployment, Service, ConfigMap, HPA and PodDisruptionBudget, probes
 * on the actuator health groups, the variables its code reads, and secrets only by reference.
 */
class HelmChartTest {

    /** Variables whose values are secret: they must only ever come from a secretKeyRef. */
    static final Set<String> SECRET_VARIABLES =
            Set.of("RC_IDENTITY_SECRET", "RC_POSTGRES_URL", "RC_MONGODB_URI", "RC_REDIS_URL", "RC_ADMIN_API_KEY");

    private static Manifests defaults;

    @BeforeAll
    static void renderDefaults() {
        defaults = Manifests.render();
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(DeployFiles.CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void chartHasExactlyTheServicesOfTheLocalStackOnTheirPorts() {
        // bin/rc's SERVICES line is the suite's list; a service renamed or added there must be here too
        Map<String, Integer> expected = DeployFiles.localStackServices();
        Map<String, Map<String, Object>> chart = DeployFiles.chartServices();
        assertThat(chart.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, port) -> assertThat(chart.get(name).get("port")).as(name).isEqualTo(port));
    }

    @Test
    void everyServiceHasItsDeploymentServiceConfigMapHpaAndPdb() {
        // every service scales, metrics-service too (reads are forwarded to the owner of a target's partition)
        Manifests scaled = defaults;
        for (String service : DeployFiles.localStackServices().keySet()) {
            for (String kind : List.of("Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler", "PodDisruptionBudget")) {
                assertThat(scaled.find(kind, service)).as("%s of %s in %s", kind, service, Manifests.names(scaled.documents()))
                        .isPresent();
            }
            Map<String, Object> selector = path(defaults.get("Deployment", service), "spec", "selector", "matchLabels");
            assertThat(selector).containsEntry("app.kubernetes.io/name", service);
            assertThat((Map<String, Object>) path(defaults.get("Service", service), "spec", "selector")).isEqualTo(selector);
            assertThat((Map<String, Object>) path(defaults.get("PodDisruptionBudget", service), "spec", "selector", "matchLabels"))
                    .isEqualTo(selector);
            assertThat((String) path(scaled.get("HorizontalPodAutoscaler", service), "spec", "scaleTargetRef", "name"))
                    .isEqualTo(Manifests.RELEASE + "-" + service);
            // with the HPA on, the Deployment leaves the replica count to it
            assertThat((Object) path(scaled.get("Deployment", service), "spec", "replicas")).as(service).isNull();
        }
    }

    @Test
    void containersListenOnTheirPortAndProbeTheActuatorHealthGroups() {
        DeployFiles.localStackServices().forEach((service, port) -> {
            Map<String, Object> container = defaults.container(service);
            assertThat((String) container.get("image")).isEqualTo("release-control/" + service + ":0.1.0-SNAPSHOT");
            List<Map<String, Object>> ports = path(container, "ports");
            assertThat(ports).singleElement().satisfies(p -> {
                assertThat(p.get("name")).isEqualTo("http");
                assertThat(p.get("containerPort")).isEqualTo(port);
            });
            assertThat(defaults.environment(service)).containsEntry("SERVER_PORT", String.valueOf(port));
            assertThat(probe(container, "livenessProbe")).isEqualTo("/actuator/health/liveness@http");
            assertThat(probe(container, "readinessProbe")).isEqualTo("/actuator/health/readiness@http");
            assertThat(probe(container, "startupProbe")).isEqualTo("/actuator/health/liveness@http");
            List<Map<String, Object>> servicePorts = path(defaults.get("Service", service), "spec", "ports");
            assertThat(servicePorts).singleElement().satisfies(p -> {
                assertThat(p.get("port")).isEqualTo(port);
                assertThat(p.get("targetPort")).isEqualTo("http");
            });
            assertThat((Map<String, Object>) path(container, "resources", "requests")).containsKeys("cpu", "memory");
        });
    }

    @Test
    void everyVariableAServiceGetsIsOneItsCodeReads() {
        for (String service : DeployFiles.localStackServices().keySet()) {
            for (String variable : defaults.environment(service).keySet()) {
                if (variable.startsWith("RC_")) {
                    assertThat(DeployFiles.serviceReads(service, variable))
                            .as("%s gets %s but neither its sources nor common-runtime mention it", service, variable).isTrue();
                }
            }
        }
        // and the other way round: every other service a service's code calls is given to it
        for (String service : DeployFiles.localStackServices().keySet()) {
            for (String other : DeployFiles.localStackServices().keySet()) {
                String url = "RC_" + other.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL";
                if (!other.equals(service) && DeployFiles.serviceReads(service, url)) {
                    assertThat(defaults.environment(service)).as("%s reads %s", service, url).containsKey(url);
                }
            }
        }
        // what each service needs to reach its infrastructure and the others
        assertThat(defaults.environment("version-service")).containsKeys("RC_KAFKA_BOOTSTRAP", "RC_POSTGRES_URL", "RC_IDENTITY_SECRET");
        assertThat(defaults.environment("metrics-service")).containsKeys("RC_KAFKA_BOOTSTRAP", "RC_MONGODB_URI")
                .doesNotContainKey("RC_POSTGRES_URL");
        assertThat(defaults.environment("rollback-orchestrator"))
                .containsEntry("RC_VERSION_SERVICE_URL", "http://rc-version-service:8081");
        assertThat(defaults.environment("gateway"))
                .containsEntry("RC_DEPLOY_SERVICE_URL", "http://rc-deploy-service:8082")
                .containsEntry("RC_METRICS_SERVICE_URL", "http://rc-metrics-service:8083")
                .containsEntry("RC_ROLLBACK_ORCHESTRATOR_URL", "http://rc-rollback-orchestrator:8084")
                .doesNotContainKey("RC_KAFKA_BOOTSTRAP");
    }

    @Test
    void secretsComeOnlyFromExistingSecretsByReference() {
        Manifests all = renderWithOptionalSecrets();
        assertThat(all.ofKind("Secret")).isEmpty();
        for (String service : DeployFiles.localStackServices().keySet()) {
            Map<String, Object> data = path(all.get("ConfigMap", service), "data");
            assertThat(data.keySet()).as("ConfigMap of %s", service).doesNotContainAnyElementsOf(SECRET_VARIABLES);
            List<Map<String, Object>> env = path(all.container(service), "env");
            for (Map<String, Object> entry : env) {
                if (SECRET_VARIABLES.contains((String) entry.get("name"))) {
                    assertThat(entry).as("%s of %s", entry.get("name"), service).doesNotContainKey("value");
                    assertThat((String) path(entry, "valueFrom", "secretKeyRef", "name")).isNotBlank();
                }
            }
        }
        assertThat(all.environment("gateway")).containsKeys("RC_REDIS_URL", "RC_ADMIN_API_KEY");
        assertThat((String) path((Map<String, Object>) all.environment("gateway").get("RC_REDIS_URL"), "valueFrom", "secretKeyRef", "name"))
                .isEqualTo("rc-redis");
        // without them, neither is there: the gateway then limits in memory and has no bootstrap key
        assertThat(defaults.environment("gateway")).doesNotContainKeys("RC_REDIS_URL", "RC_ADMIN_API_KEY");
    }

    @Test
    void notesNameEveryServiceAndTheSecretsTheReleaseExpects() {
        String notes = new Helm(DeployFiles.CHART).install().withName(Manifests.RELEASE).withNamespace("release-control")
                .dryRun().clientOnly().call().getOutput();
        DeployFiles.localStackServices().forEach((service, port) ->
                assertThat(notes).contains("http://rc-" + service + ":" + port));
        assertThat(notes).contains("release-control-identity", "release-control-postgresql", "release-control-mongodb")
                .doesNotContain("Send metric samples through Kafka");
    }

    @Test
    void oneValueSetsTheKeptOldColourAndTheSwitchBackWindowSoTheyAlwaysAgree() {
        // a switch-back later than deploy-service keeps the old colour would aim at a torn-down colour
        for (Manifests m : List.of(defaults, Manifests.render(Map.of("blueGreen.keepOldColour", "PT30M")))) {
            String kept = path(m.get("ConfigMap", "deploy-service"), "data", "RC_DEPLOY_BLUE_GREEN_KEEP_OLD_COLOUR");
            String window = path(m.get("ConfigMap", "rollback-orchestrator"), "data", "RC_ORCHESTRATOR_SWITCH_BACK_WINDOW");
            assertThat(window).isEqualTo(kept).isIn("PT1H", "PT30M");
        }
        assertThatThrownBy(() -> Manifests.render(Map.of(
                "services.rollback-orchestrator.config.RC_ORCHESTRATOR_SWITCH_BACK_WINDOW", "PT2H")))
                .hasMessageContaining("services.rollback-orchestrator.config.RC_ORCHESTRATOR_SWITCH_BACK_WINDOW: set"
                        + " blueGreen.keepOldColour instead");
        assertThatThrownBy(() -> Manifests.render(Map.of("blueGreen.keepOldColour", "an hour")))
                .hasMessageContaining("blueGreen.keepOldColour");
    }

    @Test
    void refusesToRenderWithoutTheIdentitySecret() {
        assertThatThrownBy(() -> Manifests.render(Map.of("identity.existingSecret", "")))
                .hasMessageContaining("identity.existingSecret: String length must be greater than or equal to 1");
    }

    @Test
    void valuesSchemaRefusesMisspeltKeysAndInlineSecrets() {
        // a typo would otherwise be ignored silently (replicas instead of replicaCount)
        assertThatThrownBy(() -> Manifests.render(Map.of("services.gateway.replicas", 3)))
                .hasMessageContaining("services.gateway: Additional property replicas is not allowed");
        // there is no place for a secret value, only for the name of an existing Secret
        assertThatThrownBy(() -> Manifests.render(Map.of("postgresql.password", "hunter2")))
                .hasMessageContaining("postgresql: Additional property password is not allowed");
        // nor for a service the suite does not have
        assertThatThrownBy(() -> Manifests.render(Map.of("services.billing-service.port", 8090)))
                .hasMessageContaining("Additional property billing-service is not allowed");
    }

    @Test
    void topicJobCreatesEveryTopicOfTheContractsAndItsDeadLetterTopic() {
        // by default the Job is a pre-install/pre-upgrade hook, which Helm keeps out of the release
        // manifest (helm-java's template returns only that); as a plain Job it is in it
        assertThat(defaults.ofKind("Job")).isEmpty();
        Manifests plain = Manifests.render(Map.of("kafka.topics.hook", false));
        Map<String, Object> job = plain.ofKind("Job").stream().findFirst().orElseThrow();
        assertThat((Object) path(job, "metadata", "annotations")).isNull();
        Map<String, Object> container = ((List<Map<String, Object>>) path(job, "spec", "template", "spec", "containers")).get(0);
        List<Map<String, Object>> env = path(container, "env");
        String topics = env.stream().filter(e -> "TOPICS".equals(e.get("name"))).map(e -> (String) e.get("value")).findFirst().orElseThrow();
        assertThat(topics.split(" ")).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topics.Spec::name).toList());
        // the script creates "$t.dlt" next to each: the same name Topics.dlt gives
        String script = String.join("\n", (List<String>) container.get("command"));
        assertThat(script).contains("\"$t" + Topics.DLT_SUFFIX + "\"").contains("--partitions 12").contains("--replication-factor 3");
        // a Job's pod template is immutable: another topic spec must be another Job
        Map<String, Object> other = Manifests.render(Map.of("kafka.topics.hook", false, "kafka.topics.partitions", 24))
                .ofKind("Job").get(0);
        assertThat((String) path(other, "metadata", "name")).isNotEqualTo(path(job, "metadata", "name"));
        assertThat(Manifests.render(Map.of("kafka.topics.create", false, "kafka.topics.hook", false)).ofKind("Job")).isEmpty();
    }

    @Test
    void overridesReplicasAutoscalingAndDisruptionBudgets() {
        Manifests m = Manifests.render(Map.of(
                "services.version-service.autoscaling.enabled", false,
                "services.version-service.replicaCount", 3,
                "services.gateway.podDisruptionBudget.enabled", false,
                "services.metrics-service.podDisruptionBudget.minAvailable", 1,
                "services.deploy-service.config.RC_DEPLOY_CLAIM_LEASE", "PT1M",
                "image.registry", "registry.example.com/rc",
                "image.tag", "1.2.3"));
        // HPA off: the Deployment says how many, and no HPA fights over it
        assertThat((Object) path(m.get("Deployment", "version-service"), "spec", "replicas")).isEqualTo(3);
        assertThat(m.find("HorizontalPodAutoscaler", "version-service")).isEmpty();
        assertThat(m.find("HorizontalPodAutoscaler", "deploy-service")).isPresent();
        assertThat(m.find("PodDisruptionBudget", "gateway")).isEmpty();
        assertThat((Map<String, Object>) path(m.get("PodDisruptionBudget", "metrics-service"), "spec"))
                .containsEntry("minAvailable", 1).doesNotContainKey("maxUnavailable");
        assertThat(m.environment("deploy-service")).containsEntry("RC_DEPLOY_CLAIM_LEASE", "PT1M");
        assertThat((String) m.container("gateway").get("image")).isEqualTo("registry.example.com/rc/gateway:1.2.3");
        // a changed ConfigMap changes the pod template, so the pods roll
        assertThat(checksum(m, "deploy-service")).isNotEqualTo(checksum(defaults, "deploy-service"));
        assertThat(checksum(m, "version-service")).isEqualTo(checksum(defaults, "version-service"));
    }

    @Test
    void autoscalingNeverAddsMoreKafkaConsumersThanPartitions() {
        // threads per instance on its busiest topic: the orchestrator's listener concurrency (its default,
        // read from OrchestratorProperties), metrics-service's RC_METRICS_CONSUMERS (the chart's, else the
        // service's default), one for the other listeners
        Matcher concurrency = Pattern.compile("@DefaultValue\\(\"(\\d+)\"\\) Integer listenerConcurrency").matcher(
                DeployFiles.read(DeployFiles.ROOT.resolve(
                        "rollback-orchestrator/src/main/java/io/releasecontrol/orchestrator/OrchestratorProperties.java")));
        assertThat(concurrency.find()).isTrue();
        Map<String, Object> kafka = (Map<String, Object>) DeployFiles.chartValues().get("kafka");
        int partitions = path(kafka, "topics", "partitions");
        DeployFiles.chartServices().forEach((service, values) -> {
            if (!((List<String>) values.get("uses")).contains("kafka")) {
                return;
            }
            Map<String, Object> config = (Map<String, Object>) values.get("config");
            int threads = switch (service) {
                case "rollback-orchestrator" -> Integer.parseInt(concurrency.group(1));
                case "metrics-service" -> Integer.parseInt(String.valueOf(config.getOrDefault("RC_METRICS_CONSUMERS",
                        DeployFiles.serviceDefault(service, "RC_METRICS_CONSUMERS"))));
                default -> 1;
            };
            int maxReplicas = path(values, "autoscaling", "maxReplicas");
            assertThat(maxReplicas * threads).as("%s: %d replicas x %d threads", service, maxReplicas, threads)
                    .isLessThanOrEqualTo(partitions);
        });
    }

    @Test
    void ingressReachesOnlyTheGatewayWhenEnabled() {
        assertThat(defaults.ofKind("Ingress")).isEmpty();
        Manifests m = Manifests.render(Map.of("gateway.ingress.enabled", true, "gateway.ingress.host", "rc.example.com",
                "gateway.ingress.className", "nginx"));
        Map<String, Object> ingress = m.get("Ingress", "gateway");
        assertThat((String) path(ingress, "spec", "ingressClassName")).isEqualTo("nginx");
        Map<String, Object> rule = ((List<Map<String, Object>>) path(ingress, "spec", "rules")).get(0);
        assertThat(rule).containsEntry("host", "rc.example.com");
        Map<String, Object> backend = ((List<Map<String, Object>>) path(rule, "http", "paths")).get(0);
        assertThat((String) path(backend, "backend", "service", "name")).isEqualTo("rc-gateway");
        assertThat((String) path(backend, "backend", "service", "port", "name")).isEqualTo("http");
        assertThat(m.ofKind("Ingress")).hasSize(1);
    }

    static Manifests renderWithOptionalSecrets() {
        return Manifests.render(Map.of(
                "redis.existingSecret", "rc-redis",
                "gateway.adminApiKey.existingSecret", "rc-admin-key",
                "gateway.jwt.issuerUri", "https://login.example.com/realms/rc"));
    }

    private static String checksum(Manifests m, String service) {
        return path(m.get("Deployment", service), "spec", "template", "metadata", "annotations", "checksum/config");
    }

    private static String probe(Map<String, Object> container, String probe) {
        Map<String, Object> get = path(container, probe, "httpGet");
        assertThat(get).as(probe).isNotNull();
        return get.get("path") + "@" + get.get("port");
    }

    /** The RC_* names among these variable names. */
    static Set<String> rcVariables(Set<String> names) {
        return names.stream().filter(n -> n.matches("RC_[A-Z0-9_]+"))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
