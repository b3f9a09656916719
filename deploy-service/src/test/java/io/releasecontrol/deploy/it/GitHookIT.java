package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.deploy.hooks.HookSignature;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The signed git webhook against the real database and broker (secrets and ref mapping in deploy-it.properties). */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class GitHookIT {

    private static final String SECRET = "it-hook-secret";

    @Autowired
    WebTestClient web;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static byte[] push(String ref, String sha) {
        return ("""
                {"ref":"%s","after":"%s","deleted":false,"repository":{"name":"hooked-shop","full_name":"acme/hooked-shop"},
                 "pusher":{"name":"carol"},"head_commit":{"id":"%s","message":"Fix checkout rounding\\n\\nlong text"}}"""
                .formatted(ref, sha, sha)).getBytes(StandardCharsets.UTF_8);
    }

    private WebTestClient.ResponseSpec send(byte[] body, String signature, String delivery) {
        var spec = web.post().uri("/api/v1/hooks/git").contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", delivery);
        if (signature != null) {
            spec = spec.header(HookSignature.HEADER, signature);
        }
        return spec.bodyValue(body).exchange();
    }

    private long deploymentsOfTheApp() {
        return ((Number) web.get().uri("/api/v1/deployments?application=hooked-shop")
                .header(IdentityCodec.HEADER, DeployApi.viewer())
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("total")).longValue();
    }

    @Test
    void refusesUnsignedAndWronglySignedHooksWithoutDeploying() {
        long before = deploymentsOfTheApp();
        byte[] body = push("refs/tags/v9.9.9", "a1b2c3d4e5f6");
        send(body, null, UUID.randomUUID().toString()).expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/unauthenticated");
        send(body, HookSignature.sign("not-the-secret", body), UUID.randomUUID().toString())
                .expectStatus().isUnauthorized();
        // signed right, but the body was changed on the way
        byte[] tampered = push("refs/tags/v9.9.8", "a1b2c3d4e5f6");
        send(tampered, HookSignature.sign(SECRET, body), UUID.randomUUID().toString()).expectStatus().isUnauthorized();
        assertThat(deploymentsOfTheApp()).isEqualTo(before);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSignedTagPushDeploysItsVersionOnceEvenWhenRedelivered() {
        byte[] body = push("refs/tags/v8.1.0", "0f3e2d1c0b9a");
        String delivery = UUID.randomUUID().toString();
        Map<String, Object> created = send(body, HookSignature.sign(SECRET, body), delivery).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(created).containsEntry("application", "hooked-shop").containsEntry("environment", "hook-staging")
                .containsEntry("version", "8.1.0").containsEntry("requestedBy", "git-webhook:carol");
        assertThat((Map<String, Object>) created.get("options")).containsEntry("description",
                "git push of refs/tags/v8.1.0 by carol: Fix checkout rounding").containsEntry("commit", "0f3e2d1c0b9a");

        // registered in version-service first, from the tag and its commit
        assertThat(VersionServiceStub.registrations("hooked-shop")).filteredOn(r -> r.contains("\"8.1.0\""))
                .singleElement().satisfies(r -> assertThat(r).contains("\"gitTag\":\"v8.1.0\"")
                        .contains("\"commit\":\"0f3e2d1c0b9a\""));

        // redelivered: version-service says the version exists (409), which is no failure, and the
        // delivery id makes it the same deployment
        Map<String, Object> again = send(body, HookSignature.sign(SECRET, body), delivery).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(again.get("id")).isEqualTo(created.get("id"));
        assertThat(VersionServiceStub.registrations("hooked-shop")).filteredOn(r -> r.contains("\"8.1.0\""))
                .hasSize(2);
        awaitStatus(web, (String) created.get("id"), "SUCCEEDED");
    }

    @Test
    void aTagIsNotDeployedWhenVersionServiceCannotRegisterIt() {
        long before = deploymentsOfTheApp();
        byte[] body = push("refs/tags/v8.2.0", "5e5e5e5e5e5e");
        String delivery = UUID.randomUUID().toString();
        VersionServiceStub.down(true);
        try {
            send(body, HookSignature.sign(SECRET, body), delivery).expectStatus().isEqualTo(503)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d)
                            .startsWith("version-service could not register hooked-shop 8.2.0"));
        } finally {
            VersionServiceStub.down(false);
        }
        assertThat(deploymentsOfTheApp()).isEqualTo(before);
        // the git server redelivers it once version-service is back
        String id = (String) send(body, HookSignature.sign(SECRET, body), delivery).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        awaitStatus(web, id, "SUCCEEDED");

        // an application version-service does not know: refused, naming why
        byte[] unknown = push("refs/tags/v1.0.0", "6f6f6f6f6f6f");
        web.post().uri("/api/v1/hooks/git?application=unregistered-shop").contentType(MediaType.APPLICATION_JSON)
                .header("X-GitHub-Event", "push").header(HookSignature.HEADER, HookSignature.sign(SECRET, unknown))
                .bodyValue(unknown).exchange().expectStatus().isEqualTo(422)
                .expectBody().jsonPath("$.detail").isEqualTo("version-service refused to register unregistered-shop"
                        + " 1.0.0: application 'unregistered-shop' is not registered");
    }

    @Test
    void aBranchPushDeploysBranchAtCommitAndAnUnmappedRefIsIgnored() {
        byte[] develop = push("refs/heads/develop", "77aa88bb99cc");
        String id = (String) send(develop, HookSignature.sign(SECRET, develop), UUID.randomUUID().toString())
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        var done = awaitStatus(web, id, "SUCCEEDED");
        assertThat(done).containsEntry("environment", "hook-dev").containsEntry("version", "develop@77aa88bb99cc");

        byte[] feature = push("refs/heads/feature/x", "1234567890ab");
        send(feature, HookSignature.sign(SECRET, feature), UUID.randomUUID().toString()).expectStatus().isAccepted()
                .expectBody().jsonPath("$.ignored").isEqualTo("ref 'refs/heads/feature/x' is mapped to no environment");
    }
}
