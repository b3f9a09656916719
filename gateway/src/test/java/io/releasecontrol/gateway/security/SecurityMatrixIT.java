package io.releasecontrol.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.gateway.GatewayITSupport;
import io.releasecontrol.gateway.apikey.ApiKeyService;
import io.releasecontrol.gateway.support.BackendStub;
import io.releasecontrol.gateway.support.DesignRoutes;
import io.releasecontrol.gateway.support.DesignRoutes.Endpoint;
import io.releasecontrol.gateway.support.GatewayTestStack;
import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcInfrastructureInitializer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * DESIGN §10's role table, route by route, through real HTTP to stub services that verify the
 * identity header like the real ones: anonymous → 401, each lower role → 403, the right role (API
 * key and JWT) → the right service, which receives the gateway's signed identity and no credentials.
 */
@SuppressWarnings("unchecked")
class SecurityMatrixIT extends GatewayITSupport {

    private static final List<String> LADDER = List.of("viewer", "deployer", "admin");
    private static Map<String, String> keys;

    @Autowired
    ApiKeyService apiKeys;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @BeforeEach
    void keysPerRole() {
        synchronized (SecurityMatrixIT.class) {
            if (keys == null) {
                String run = UUID.randomUUID().toString().substring(0, 8);
                keys = Map.of("viewer", create("matrix-viewer-" + run, "viewer"),
                        "deployer", create("matrix-deployer-" + run, "deployer"),
                        "admin", create("matrix-admin-" + run, "admin"));
            }
        }
    }

    private String create(String name, String role) {
        return apiKeys.create(name, role, "test").block().key();
    }

    /**
     * Beyond DESIGN §10: deploy-service's checklist routes (release workflow), writes under
     * {@code /api/v1/deployments/**}, so deployer; deploy-service records who confirmed.
     */
    private static final List<Endpoint> CHECKLIST = List.of(
            new Endpoint(HttpMethod.POST, "/api/v1/deployments/{id}/checklist/{item}/confirm",
                    "/api/v1/deployments/7b0c6a8e-3f7e-4e8e-9d7e-1a2b3c4d5e6f/checklist/backup-done/confirm",
                    "deployer", DesignRoutes.DEPLOY),
            new Endpoint(HttpMethod.POST, "/api/v1/deployments/{id}/checklist/evaluate",
                    "/api/v1/deployments/7b0c6a8e-3f7e-4e8e-9d7e-1a2b3c4d5e6f/checklist/evaluate", "deployer",
                    DesignRoutes.DEPLOY));

    static Stream<Endpoint> endpoints() {
        return Stream.concat(DesignRoutes.ALL.stream(), CHECKLIST.stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void anonymousCallerIsUnauthenticated(Endpoint endpoint) {
        assertAnonymousUnauthenticated(endpoint);
    }

    private void assertAnonymousUnauthenticated(Endpoint endpoint) {
        call(endpoint, spec -> spec).expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer, ApiKey header=\"X-API-Key\"")
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/unauthenticated")
                .jsonPath("$.instance").isEqualTo(endpoint.sample());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void lowerRolesAreForbidden(Endpoint endpoint) {
        assertLowerRolesForbidden(endpoint);
    }

    private void assertLowerRolesForbidden(Endpoint endpoint) {
        for (String lower : LADDER.subList(0, LADDER.indexOf(endpoint.role()))) {
            call(endpoint, spec -> spec.header("X-API-Key", keys.get(lower))).expectStatus().isForbidden()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/forbidden")
                    .jsonPath("$.requiredRole").isEqualTo(endpoint.role());
            lowerJwt(endpoint, lower);
        }
    }

    private void lowerJwt(Endpoint endpoint, String lower) {
        call(endpoint, spec -> spec.header("Authorization", "Bearer " + GatewayTestStack.jwts().token("jwt-" + lower, List.of(lower))))
                .expectStatus().isForbidden();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void rightRoleWithApiKeyReachesTheServiceWithASignedIdentity(Endpoint endpoint) {
        String key = keys.get(endpoint.role());
        Map<?, ?> echo = call(endpoint, spec -> spec.header("X-API-Key", key).header("X-Correlation-Id", "matrix-1"))
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Correlation-Id", "matrix-1")
                .expectHeader().exists("traceparent")
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(echo.get("service")).isEqualTo(endpoint.service());
        assertThat(echo.get("path")).isEqualTo(endpoint.sample());
        assertThat(echo.get("method")).isEqualTo(endpoint.method().name());
        // the stub verified the signature with the shared secret, like a real service
        assertThat((String) echo.get("subject")).startsWith("matrix-" + endpoint.role());
        assertThat((List<Object>) echo.get("roles")).containsExactly(endpoint.role());
        assertThat(echo.get("apiKeyHeader")).as("credentials stay at the gateway").isNull();
        assertThat(echo.get("correlationId")).isEqualTo("matrix-1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void rightRoleWithJwtReachesTheServiceWithASignedIdentity(Endpoint endpoint) {
        String token = GatewayTestStack.jwts().token("alice@example.com", List.of(endpoint.role()));
        Map<?, ?> echo = call(endpoint, spec -> spec.header("Authorization", "Bearer " + token))
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(echo.get("service")).isEqualTo(endpoint.service());
        assertThat(echo.get("subject")).isEqualTo("alice@example.com");
        assertThat((List<Object>) echo.get("roles")).containsExactly(endpoint.role());
        assertThat(echo.get("authorizationHeader")).as("the token stays at the gateway").isNull();
    }

    @Test
    void higherRolesPassToo() {
        Endpoint viewerRoute = DesignRoutes.ALL.get(1);
        call(viewerRoute, spec -> spec.header("X-API-Key", keys.get("admin"))).expectStatus().isOk();
        call(viewerRoute, spec -> spec.header("X-API-Key", GatewayTestStack.ADMIN_KEY)).expectStatus().isOk()
                .expectBody().jsonPath("$.subject").isEqualTo(ApiKeyService.BOOTSTRAP_SUBJECT);
    }

    @Test
    void incomingIdentityHeaderIsReplacedByTheGatewaysOwn() {
        // a header that verifies (replayed or minted by someone holding the secret) claiming admin
        String claimed = new IdentityCodec(RcInfrastructureInitializer.TEST_IDENTITY_SECRET, Duration.ofMinutes(5),
                Clock.systemUTC()).sign("mallory", List.of("admin"));
        Endpoint adminRoute = DesignRoutes.ALL.stream().filter(e -> e.role().equals("admin")).findFirst().orElseThrow();
        call(adminRoute, spec -> spec.header("X-API-Key", keys.get("viewer")).header(IdentityCodec.HEADER, claimed))
                .expectStatus().isForbidden();
        Endpoint viewerRoute = DesignRoutes.ALL.get(1);
        Map<?, ?> echo = call(viewerRoute, spec -> spec.header("X-API-Key", keys.get("viewer")).header(IdentityCodec.HEADER, claimed))
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((String) echo.get("subject")).startsWith("matrix-viewer");
        assertThat((List<Object>) echo.get("roles")).containsExactly("viewer");
        assertThat(echo.get("identityHeader")).isNotEqualTo(claimed);
    }

    @Test
    void forgedIdentityHeaderIsRefused() {
        String forged = new IdentityCodec("not-the-gateway-secret-at-all", Duration.ofMinutes(5), Clock.systemUTC())
                .sign("mallory", List.of("admin"));
        web.get().uri("/api/v1/applications").header(IdentityCodec.HEADER, forged).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/identity-rejected");
    }

    @Test
    void unknownOrMalformedCredentialsAreUnauthenticated() {
        Endpoint viewerRoute = DesignRoutes.ALL.get(1);
        call(viewerRoute, spec -> spec.header("X-API-Key", "rck_no-such-key")).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").isEqualTo("API key is unknown or revoked");
        var jwts = GatewayTestStack.jwts();
        call(viewerRoute, spec -> spec.header("Authorization", "Bearer " + jwts.expiredToken("bob", List.of("viewer"))))
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/unauthenticated");
        call(viewerRoute, spec -> spec.header("Authorization", "Bearer " + jwts.strangersToken("bob", List.of("admin"))))
                .expectStatus().isUnauthorized();
        call(viewerRoute, spec -> spec.header("Authorization", "Bearer not.a.jwt")).expectStatus().isUnauthorized();
        // a valid token without any Release Control role
        call(viewerRoute, spec -> spec.header("Authorization", "Bearer " + jwts.token("carol", List.of("other"))))
                .expectStatus().isForbidden();
    }

    @Test
    void gitHookIsRoutedWithoutCredentialsAndWithItsSignedBodyUntouched() {
        Endpoint hook = DesignRoutes.GIT_HOOK;
        String payload = "{\"ref\":\"refs/tags/v1.2.0\",\"after\":\"0123abcd\",\"repository\":{\"name\":\"shop\"}}";
        Map<?, ?> echo = web.post().uri(hook.sample())
                .header("X-Hub-Signature-256", "sha256=00ff")
                .header("X-GitHub-Event", "push")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(payload)
                .exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(echo.get("service")).isEqualTo(hook.service());
        assertThat(echo.get("body")).as("the HMAC is over these exact bytes").isEqualTo(payload);
        assertThat(echo.get("hubSignature")).isEqualTo("sha256=00ff");
        assertThat(echo.get("identityHeader")).as("an anonymous caller gets no identity").isNull();
    }

    @Test
    void publicPathsNeedNoCredentials() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk();
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
        web.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }

    /**
     * Encoded and ambiguous spellings are refused by the firewall before authentication, as a 400
     * problem, never an empty 400 nor a route: each is sent as written (no client re-encoding).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedPaths")
    void ambiguousOrEncodedPathsAreARejectedRequestProblem(String path) {
        int forwarded = forwardedRequests();
        web.get().uri(java.net.URI.create(base() + path)).header("X-API-Key", keys.get("admin")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/request-rejected")
                .jsonPath("$.title").isEqualTo("Request rejected")
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.detail").value(d -> assertThat((String) d).startsWith("The request was rejected because"));
        assertThat(forwardedRequests()).as("a rejected spelling reaches no service").isEqualTo(forwarded);
    }

    static Stream<String> rejectedPaths() {
        return Stream.of("/api/v1/deployments/a%2Fb", "/api/v1/deployments/a%2fb",
                "/api/v1/deployments/%25", "/api/v1/deployments/a%5Cb", "/api/v1/deployments/a;b",
                "/api/v1/deployments;jsessionid=1", "/api/v1/deployments/../admin/api-keys",
                "/api/v1/deployments/%2e%2e/admin", "/api/v1/deployments/a%0Db", "/api/v1/deployments/a%0Ab",
                "/api/v1/applications/x/environments/development/curren%74/%2F",
                // the issue's spellings as ambiguous ones: an encoded '/' inside a segment, an encoded dot segment
                "/api/v1/applications/x/environments/development%2Fcurrent", "/api/v1/applications/x/%2E%2E/y",
                "/api/v1/applications/x/environments/development/.%2E/current", "/api/v1//deployments",
                "/api/v1/applications/x/environments/development/curren%74;v=1");
    }

    /**
     * Every deployer and admin route, spelt with a percent-encoded letter (the last of its path, and
     * the first of {@code api}), as each lower role (API key and JWT): refused 403 with the route's
     * role, like the plain spelling, anonymously 401, and never forwarded. The gateway decides on the decoded path, as the services
     * route it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("encodedSpellings")
    void encodedSpellingsNeedTheRoleOfTheRouteAndAreNeverForwarded(Endpoint endpoint) {
        int forwarded = forwardedRequests();
        assertLowerRolesForbidden(endpoint);
        assertAnonymousUnauthenticated(endpoint);
        assertThat(forwardedRequests()).as("no refused spelling reached a service").isEqualTo(forwarded);
    }

    static Stream<Endpoint> encodedSpellings() {
        return endpoints().filter(e -> !e.role().equals("viewer")).flatMap(e -> Stream.of(
                encoded(e, e.sample().lastIndexOf('/') + 1 + lastLetter(e.sample().substring(e.sample().lastIndexOf('/') + 1))),
                encoded(e, 1)));
    }

    /** the endpoint with the letter at {@code index} of its sample path percent-encoded */
    private static Endpoint encoded(Endpoint e, int index) {
        String path = e.sample();
        String sample = path.substring(0, index) + String.format("%%%02X", (int) path.charAt(index)) + path.substring(index + 1);
        return new Endpoint(e.method(), e.template() + " as " + sample, sample, e.role(), e.service());
    }

    private static int lastLetter(String segment) {
        for (int i = segment.length() - 1; i >= 0; i--) {
            if (Character.isLetter(segment.charAt(i))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no letter in " + segment);
    }

    @Test
    void theRightRoleWithAnEncodedSpellingReachesTheService() {
        // the issue's example, as an admin: decoded, it is the current-version override
        Endpoint current = DesignRoutes.ALL.stream().filter(e -> e.template().endsWith("/current")).findFirst().orElseThrow();
        Endpoint encoded = encoded(current, current.sample().length() - 1);
        assertThat(encoded.sample()).endsWith("/curren%74");
        Map<?, ?> echo = web.put().uri(java.net.URI.create(base() + encoded.sample())).header("X-API-Key", keys.get("admin"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(echo.get("service")).isEqualTo(DesignRoutes.VERSION);
        assertThat((List<Object>) echo.get("roles")).containsExactly("admin");
    }

    private static int forwardedRequests() {
        return GatewayTestStack.backends().values().stream().mapToInt(BackendStub::requests).sum();
    }

    @Test
    void aNulCharacterInThePathOrQueryIsAValidationProblemBeforeAnyRouting() {
        // the shared input guard runs before the firewall and names where the NUL was
        for (String uri : List.of("/api/v1/deployments/%00", "/api/v1/deployments?application=%00")) {
            web.get().uri(java.net.URI.create(base() + uri)).header("X-API-Key", keys.get("admin")).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                    .jsonPath("$.errors[0].field").isEqualTo(uri.contains("?") ? "application" : "path");
        }
    }

    @Test
    void aRequestLineOverFourKilobytesIsAUriTooLongProblem() {
        // Netty reads 4,096 bytes of request line; beyond, its empty 414 is now problem+json
        web.get().uri("/api/v1/deployments?application=" + "a".repeat(5000)).header("X-API-Key", keys.get("viewer"))
                .exchange()
                .expectStatus().isEqualTo(414)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/uri-too-long")
                .jsonPath("$.status").isEqualTo(414);
    }

    @Test
    void healthShowsComponentsOnlyToAnAdmin() {
        web.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP").jsonPath("$.components").doesNotExist();
        web.get().uri("/actuator/health").header("X-API-Key", keys.get("deployer")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components").doesNotExist();
        web.get().uri("/actuator/health").header("X-API-Key", keys.get("admin")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.diskSpace").exists();
        web.get().uri("/actuator/health").header("Authorization", "Bearer " + GatewayTestStack.jwts().token("root", List.of("admin")))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components").exists();
    }

    /** Spellings no well-behaved client sends (a bad escape, a raw backslash), over a plain socket. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/api/v1/deployments/%zz", "/api/v1/deployments/%",
            "/api/v1/deployments/a\\b", "/api/v1/deployments/../admin/api-keys", "/api/v1/deployments/a%%41"})
    void malformedSpellingsAreProblemsToo(String path) throws java.io.IOException {
        try (var socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + keys.get("admin")
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400 ").containsIgnoringCase("content-type: application/problem+json")
                    .contains("\"status\":400");
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

    @Test
    void internalFallbackIsNotReachableFromOutside() {
        web.get().uri("/internal/fallback/version-service").header("X-API-Key", keys.get("admin")).exchange()
                .expectStatus().isForbidden();
    }

    private WebTestClient.ResponseSpec call(Endpoint endpoint, java.util.function.UnaryOperator<WebTestClient.RequestBodySpec> auth) {
        // sent as written: a URI template would encode the '%' of an encoded spelling once more
        var spec = auth.apply(web.method(endpoint.method()).uri(java.net.URI.create(base() + endpoint.sample())));
        if (endpoint.method().name().equals("GET")) {
            return spec.exchange();
        }
        return spec.contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
    }
}
