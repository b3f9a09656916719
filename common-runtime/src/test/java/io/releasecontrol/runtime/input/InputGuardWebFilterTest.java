package io.releasecontrol.runtime.input;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemType;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class InputGuardWebFilterTest {

    private final InputGuardWebFilter filter = new InputGuardWebFilter();
    private final AtomicBoolean passed = new AtomicBoolean();

    /** the URI as sent on the wire (the mock's template methods would encode the '%' once more) */
    private static MockServerHttpRequest get(String uri) {
        return MockServerHttpRequest.method(HttpMethod.GET, URI.create(uri)).build();
    }

    private Mono<Void> run(MockServerHttpRequest request) {
        return filter.filter(MockServerWebExchange.from(request), exchange -> {
            passed.set(true);
            return Mono.empty();
        });
    }

    private ProblemException refused(MockServerHttpRequest request) {
        var error = new ProblemException[1];
        StepVerifier.create(run(request)).expectErrorSatisfies(e -> error[0] = (ProblemException) e).verify();
        assertThat(passed).isFalse();
        return error[0];
    }

    // %00 decodes to U+0000, which PostgreSQL refuses in text; a path variable (an application
    // name) reaches the database as well as a query value, and so does any of a repeated parameter's values
    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            /api/v1/deployments?size=5&application=%00, application
            /x?environment=dev&environment=a%00b,        environment
            /api/v1/applications/a%00b/versions,         path
            """)
    void nulIsAValidationProblemNamingWhereItWas(String uri, String field) {
        var problem = refused(get(uri));
        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION);
        assertThat(problem.getMessage()).isEqualTo(field + ": must not contain the NUL character (U+0000)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=utf-16", "application/json;charset=UTF-32BE",
            "application/merge-patch+json; charset=iso-8859-1"})
    void jsonInAnotherCharsetThanUtf8IsUnsupported(String contentType) {
        var problem = refused(MockServerHttpRequest.post("/api/v1/applications").header(HttpHeaders.CONTENT_TYPE, contentType).build());
        assertThat(problem.type()).isEqualTo(ProblemType.UNSUPPORTED_MEDIA_TYPE);
        assertThat(problem.getMessage()).contains(contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/json;charset=\"UTF-8\"",
            "application/problem+json; charset=us-ascii", "text/plain; charset=utf-16", "not a media type"})
    void utf8JsonAndOtherTypesPass(String contentType) {
        // a type that is not JSON, or does not parse, is the codecs' to judge
        StepVerifier.create(run(MockServerHttpRequest.post("/x").header(HttpHeaders.CONTENT_TYPE, contentType).build()))
                .verifyComplete();
        assertThat(passed).isTrue();
    }

    @Test
    void ordinaryRequestsPass() {
        StepVerifier.create(run(get("/api/v1/deployments?application=shop&q=a%20b%0Ac")))
                .verifyComplete();
        assertThat(passed).isTrue();
    }
}
