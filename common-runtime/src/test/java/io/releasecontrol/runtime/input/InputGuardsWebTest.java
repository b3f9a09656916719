package io.releasecontrol.runtime.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.web.RcWebAutoConfiguration;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.ReactiveMultipartAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The input guards as a service has them: common-runtime's auto-configuration on Boot's WebFlux and
 * Jackson, in front of a small controller shaped like the services' ones.
 */
class InputGuardsWebTest {

    private static final ReactiveWebApplicationContextRunner STACK = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, CodecsAutoConfiguration.class,
                    WebFluxAutoConfiguration.class, HttpHandlerAutoConfiguration.class,
                    ReactiveMultipartAutoConfiguration.class, RcWebAutoConfiguration.class))
            // identities have their own tests; here every caller is let in
            .withPropertyValues("rc.identity.verify=false")
            .withUserConfiguration(Things.class);

    record Thing(String name, String description, Map<String, String> labels, Map<String, Double> custom) {
    }

    record Reason(String reason) {
    }

    /** Bound from a form or multipart body, as WebFlux binds an unannotated bean parameter. */
    record Search(String q) {
    }

    @RestController
    static class Things {

        @PostMapping("/things")
        Thing create(@RequestBody Thing thing) {
            return thing;
        }

        @GetMapping("/things/{id}")
        Map<String, String> get(@PathVariable String id, @RequestParam(required = false) String q) {
            return q == null ? Map.of("id", id) : Map.of("id", id, "q", q);
        }

        /** like the gateway's API-key revoke: the caller as a Mono, annotated but not for binding (there: OpenAPI's @Parameter) */
        @DeleteMapping("/things/{id}")
        Mono<Void> delete(@PathVariable String id, @NotNull Mono<Principal> caller) {
            return Mono.empty();
        }

        /** like the rollbacks' approve: no body, only the exchange (for the caller's identity) */
        @PostMapping("/things/{id}/approve")
        Map<String, String> approve(@PathVariable String id, ServerWebExchange exchange) {
            return Map.of("approved", id);
        }

        @PostMapping("/things/{id}/abort")
        Map<String, String> abort(@PathVariable String id, @RequestBody(required = false) Reason reason) {
            return Map.of("aborted", id);
        }

        @PostMapping("/searches")
        Map<String, String> search(Search search) {
            return Map.of("q", String.valueOf(search.q()));
        }

        @PostMapping("/uploads")
        Mono<Map<String, String>> upload(@RequestPart("file") FilePart file) {
            return Mono.just(Map.of("file", file.filename()));
        }
    }

    private static void withClient(Consumer<WebTestClient> test) {
        STACK.run(context -> test.accept(WebTestClient.bindToApplicationContext(context).build()));
    }

    private static WebTestClient.ResponseSpec send(WebTestClient web, HttpMethod method, String uri, String contentType,
            String body) {
        var request = web.method(method).uri(uri);
        if (contentType != null) {
            request.header(HttpHeaders.CONTENT_TYPE, contentType);
        }
        return body == null ? request.exchange() : request.bodyValue(body).exchange();
    }

    // a body the operation declares none for, in a type that is not JSON: refused, whatever the method
    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /things/7/approve | application/xml                   | <a/>    | POST /things/{id}/approve
            POST   | /things/7/approve | text/plain                        | x       | POST /things/{id}/approve
            POST   | /things/7/approve | application/x-www-form-urlencoded | a=b     | POST /things/{id}/approve
            GET    | /things/7         | application/xml                   | <a/>    | GET /things/{id}
            DELETE | /things/7         | application/octet-stream          | 0101    | DELETE /things/{id}
            """)
    void aBodyThatIsNotJsonOnAnOperationWithoutOneIsUnsupported(HttpMethod method, String uri, String contentType,
            String body, String operation) {
        withClient(web -> send(web, method, uri, contentType, body)
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/unsupported-media-type")
                .jsonPath("$.title").isEqualTo("Unsupported media type")
                .jsonPath("$.status").isEqualTo(415)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .isEqualTo(operation + " takes no request body, or only application/json; got "
                                + (contentType == null ? "a body without a Content-Type" : "'" + contentType + "'")))
                .jsonPath("$.supported[0]").isEqualTo("application/json"));
    }

    @Test
    void aBodyWithoutAContentTypeIsNotJson() {
        // (WebTestClient always names a type: the filter is called with a request that has none)
        var request = MockServerHttpRequest.post("/things/7/approve").contentLength(4).body("<a/>");
        STACK.run(context -> StepVerifier.create(context.getBean(UndeclaredBodyWebFilter.class)
                        .filter(MockServerWebExchange.from(request), exchange -> Mono.empty()))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOf(ProblemException.class).hasMessage(
                        "POST /things/{id}/approve takes no request body, or only application/json; got a body without a Content-Type"))
                .verify());
    }

    // what passes: no body, an empty one, a JSON one (ignored, as before), and what declares its body
    @ParameterizedTest(name = "{0} {1} {2} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /things/7/approve |                         |                          | 200
            POST   | /things/7/approve | application/xml         | ''                       | 200
            POST   | /things/7/approve | application/json        | {}                       | 200
            POST   | /things/7/approve | application/merge-patch+json | {}                  | 200
            GET    | /things/7         | application/json        | {"a":1}                  | 200
            POST   | /things/7/abort   | application/json        | {"reason":"r"}           | 200
            POST   | /things           | application/json        | {"name":"n"}             | 200
            POST   | /searches         | application/x-www-form-urlencoded | q=shop         | 200
            POST   | /no-such-thing    | application/xml         | <a/>                     | 404
            PUT    | /things/7/approve | application/xml         | <a/>                     | 405
            """)
    void noBodyJsonOrADeclaredBodyPass(HttpMethod method, String uri, String contentType, String body, int status) {
        withClient(web -> send(web, method, uri, contentType, body).expectStatus().isEqualTo(status));
    }

    @Test
    void aTypeTheOperationCannotReadIsStillTheCodecs415() {
        // an operation with a body: the codecs refuse the XML, naming the type they read
        withClient(web -> send(web, HttpMethod.POST, "/things/7/abort", "application/xml", "<a/>")
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).doesNotContain("takes no request body")));
    }

    @Test
    void multipartReachesAnOperationThatDeclaresAPart() {
        var parts = new MultipartBodyBuilder();
        parts.part("file", "hello".getBytes()).filename("hello.txt").contentType(MediaType.TEXT_PLAIN);
        withClient(web -> web.post().uri("/uploads").body(BodyInserters.fromMultipartData(parts.build())).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.file").isEqualTo("hello.txt"));
    }

    // a NUL in a map key is a 400 naming the map, like a NUL in a value names its field
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"name":"n","labels":{"te\\u0000am":"x"}} | labels      | keys must not contain the NUL character (U+0000)
            {"name":"n","custom":{"\\u0000":1.0}}     | custom      | keys must not contain the NUL character (U+0000)
            {"name":"n","labels":{"team":"\\u0000"}}  | labels.team | must not contain the NUL character (U+0000)
            """)
    void nulInABodyIsAValidationProblemNamingTheField(String json, String field, String message) {
        withClient(web -> send(web, HttpMethod.POST, "/things", "application/json", json)
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://releasecontrol.io/problems/validation")
                .jsonPath("$.detail").isEqualTo(field + ": " + message)
                .jsonPath("$.errors[0].field").isEqualTo(field)
                .jsonPath("$.errors[0].message").isEqualTo(message));
    }

    static IntStream otherC0Characters() {
        return IntStream.rangeClosed(0x01, 0x1f);
    }

    // U+0001–U+001F are stored by PostgreSQL and MongoDB: accepted in body values and keys and in
    // query values, and read back as sent; never a 5xx
    @ParameterizedTest(name = "U+{0}")
    @MethodSource("otherC0Characters")
    void otherControlCharactersAreAcceptedAsSent(int c) {
        String escaped = String.format("\\u%04x", c);
        String raw = "a" + (char) c + "b";
        withClient(web -> {
            Thing echoed = send(web, HttpMethod.POST, "/things", "application/json", "{\"name\":\"n\",\"description\":\""
                    + "a" + escaped + "b\",\"labels\":{\"k" + escaped + "\":\"v" + escaped + "\"},\"custom\":{\"c" + escaped
                    + "\":1.0}}")
                    .expectStatus().isOk()
                    .expectBody(Thing.class).returnResult().getResponseBody();
            assertThat(echoed.description()).isEqualTo(raw);
            assertThat(echoed.labels()).containsExactly(Map.entry("k" + (char) c, "v" + (char) c));
            assertThat(echoed.custom()).containsOnlyKeys("c" + (char) c);

            web.get().uri(URI.create("/things/7?q=a%" + String.format("%02X", c) + "b")).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.q").isEqualTo(raw);
        });
    }

    @Test
    void judgesBodiesAfterTheOtherGuards() {
        // after correlation, the input guard and identity: an anonymous caller is refused before its body is judged
        assertThat(new UndeclaredBodyWebFilter(() -> null).getOrder()).isGreaterThan(new InputGuardWebFilter().getOrder())
                .isGreaterThan(Ordered.HIGHEST_PRECEDENCE + 20);
    }

    // JSON is application/json or any +json type; no type, or one that does not parse, is not JSON
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            application/json                  | true
            application/json; charset=utf-8  | true
            application/problem+json          | true
            text/json                         | false
            application/xml                   | false
            not a type                        | false
                                              | false
            """)
    void jsonIsApplicationJsonOrAJsonSuffix(String contentType, boolean json) {
        assertThat(UndeclaredBodyWebFilter.isJson(contentType)).isEqualTo(json);
    }
}
