package io.releasecontrol.deploy.it;

import static org.awaitility.Awaitility.await;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.serde.EventCodec;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.KafkaProbe;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Test helpers for the deployment API: signed callers, requests, waiting for a status, reading events. */
public final class DeployApi {

    private static final IdentityCodec CODEC = new IdentityCodec(RcInfrastructureInitializer.TEST_IDENTITY_SECRET,
            Duration.ofMinutes(30), Clock.systemUTC());

    private DeployApi() {
    }

    public static String identity(String subject, String role) {
        return CODEC.sign(subject, List.of(role));
    }

    /** Reads need a verified caller too: deploy-service answers nobody without one. */
    public static String viewer() {
        return identity("val", "viewer");
    }

    public static String deployer() {
        return identity("alice", "deployer");
    }

    public static String admin() {
        return identity("root", "admin");
    }

    /** A fresh application name, so tests never share a target. */
    public static String app(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static WebTestClient.ResponseSpec post(WebTestClient web, String path, Object body) {
        return web.post().uri(path).header(IdentityCodec.HEADER, deployer()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    /** A fresh environment name, so a test's policy touches no other test. */
    public static String env(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** POSTs {@code body} as {@code who} (a signed identity header). */
    public static WebTestClient.ResponseSpec send(WebTestClient web, String path, String who, Object body) {
        return web.post().uri(path).header(IdentityCodec.HEADER, who).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    /** Replaces the environment's policy, as an admin. */
    public static void putPolicy(WebTestClient web, String env, Map<String, Object> policy) {
        web.put().uri("/api/v1/environments/{env}/policy", env).header(IdentityCodec.HEADER, admin())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(policy).exchange().expectStatus().isOk();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Map<String, Object> body(EntityExchangeResult<Map> result) {
        return (Map<String, Object>) result.getResponseBody();
    }

    /** Creates a deployment and returns its id. */
    @SuppressWarnings("unchecked")
    public static String create(WebTestClient web, Map<String, Object> body) {
        Map<String, Object> created = post(web, "/api/v1/deployments", body).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) created.get("id");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> get(WebTestClient web, String id) {
        return web.get().uri("/api/v1/deployments/{id}", id).header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    /** Waits until the deployment has {@code status} and returns it. */
    public static Map<String, Object> awaitStatus(WebTestClient web, String id, String status) {
        AtomicReference<Map<String, Object>> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last.set(get(web, id));
            return status.equals(last.get().get("status"));
        });
        return last.get();
    }

    /** The deployment events of one target on rc.deployments, in topic order. */
    public static List<EventEnvelope<RcEvent>> deploymentEvents(String application, String environment, int expected,
            Duration settle) {
        return deploymentEvents(application, environment, expected, Duration.ofSeconds(30), settle);
    }

    /** As above, giving up after {@code timeout} (to show that nothing came). */
    public static List<EventEnvelope<RcEvent>> deploymentEvents(String application, String environment, int expected,
            Duration timeout, Duration settle) {
        String key = application + ":" + environment;
        return KafkaProbe.read(Topics.DEPLOYMENTS, r -> key.equals(r.key()), expected, timeout, settle)
                .stream().map(r -> EventCodec.fromBytes(r.value())).toList();
    }

    public static List<String> types(List<EventEnvelope<RcEvent>> events) {
        return events.stream().map(e -> e.data().getClass().getSimpleName()).toList();
    }
}
