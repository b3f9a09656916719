package io.releasecontrol.runtime.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.releasecontrol.runtime.input.NulRefusingModule;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProblemWebExceptionHandlerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ProblemWebExceptionHandler handler = new ProblemWebExceptionHandler();
    private final MockServerWebExchange exchange =
            MockServerWebExchange.from(MockServerHttpRequest.post("/api/deployments/42?dryRun=true"));

    private JsonNode handle(Throwable ex) {
        StepVerifier.create(handler.handle(exchange, ex)).verifyComplete();
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        return JSON.readTree(body());
    }

    private String body() {
        return exchange.getResponse().getBodyAsString().block();
    }

    private HttpStatus status() {
        return HttpStatus.valueOf(exchange.getResponse().getStatusCode().value());
    }

    @SuppressWarnings("unused") // only its parameter is used, as the one a bind failure refers to
    private void createDeployment(Object request) {
    }

    /** a controller method with a UUID path variable, as the fuzz test found one: a blank segment */
    @SuppressWarnings("unused")
    void revoke(@org.springframework.web.bind.annotation.PathVariable java.util.UUID id) {
    }

    @Test
    void aPathVariableThatConvertsToNothingIsTheCallersMistakeNotA500() throws Exception {
        var parameter = new org.springframework.core.MethodParameter(getClass().getDeclaredMethod("revoke",
                java.util.UUID.class), 0);
        var problem = handle(new org.springframework.web.server.ServerErrorException("id", parameter, null));

        assertThat(status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/validation");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("id");
        assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo("must be a UUID, not blank");
    }

    @Test
    void problemExceptionKeepsTypeDetailExtensionsAndInstance() {
        var problem = handle(ProblemException.conflict("a deployment is already running for checkout/prod",
                Map.of("runningDeploymentId", "dep-7")));

        assertThat(status()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/conflict");
        assertThat(problem.get("title").asString()).isEqualTo("Conflict with the current state");
        assertThat(problem.get("status").asInt()).isEqualTo(409);
        assertThat(problem.get("detail").asString()).isEqualTo("a deployment is already running for checkout/prod");
        // the path only, never the query string
        assertThat(problem.get("instance").asString()).isEqualTo("/api/deployments/42");
        assertThat(problem.get("runningDeploymentId").asString()).isEqualTo("dep-7");
    }

    @Test
    void singleFieldValidationFailureListsTheField() {
        var problem = handle(ProblemException.invalid("name", "must match [a-z0-9-]+"));

        assertThat(status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/validation");
        assertThat(problem.get("detail").asString()).isEqualTo("name: must match [a-z0-9-]+");
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo("name");
        assertThat(problem.at("/errors/0/message").asString()).isEqualTo("must match [a-z0-9-]+");
    }

    @Test
    void beanValidationFailuresAreSortedByField() throws NoSuchMethodException {
        var result = new BeanPropertyBindingResult(new Object(), "createDeploymentRequest");
        result.addError(new FieldError("createDeploymentRequest", "version", "must match semver"));
        result.addError(new FieldError("createDeploymentRequest", "environment", "must not be blank"));
        var parameter = new MethodParameter(getClass().getDeclaredMethod("createDeployment", Object.class), 0);

        var problem = handle(new WebExchangeBindException(parameter, result));

        assertThat(status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/validation");
        assertThat(problem.get("detail").asString())
                .isEqualTo("2 invalid field(s): environment must not be blank; version must match semver");
        assertThat(problem.get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactly("environment", "version");
    }

    @Test
    void responseStatusExceptionMapsToTypeOfItsStatus() {
        var problem = handle(new ResponseStatusException(HttpStatus.NOT_FOUND));

        assertThat(status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/not-found");
        // no reason: the type's title stands in as detail
        assertThat(problem.get("detail").asString()).isEqualTo("Resource not found");
    }

    @Test
    void aDependencyThatIsDownIs503WithRetryAfterNot500() {
        var problem = handle(new org.springframework.dao.DataAccessResourceFailureException("connection lost",
                new io.r2dbc.spi.R2dbcNonTransientResourceException("database is not accepting connections")));

        assertThat(status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/service-unavailable");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Cannot answer now: the database is unavailable; try again in a few seconds.");
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("5");
    }

    @Test
    void unsupportedMediaTypeIs415() {
        var problem = handle(new UnsupportedMediaTypeStatusException(MediaType.TEXT_PLAIN, List.of(MediaType.APPLICATION_JSON)));

        assertThat(status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/unsupported-media-type");
        assertThat(exchange.getResponse().getHeaders().getAccept()).containsExactly(MediaType.APPLICATION_JSON);
    }

    @Test
    void methodNotAllowedIs405AndKeepsAllowHeader() {
        var problem = handle(new MethodNotAllowedException(HttpMethod.DELETE, List.of(HttpMethod.GET, HttpMethod.POST)));

        assertThat(status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/method-not-allowed");
        assertThat(exchange.getResponse().getHeaders().getAllow()).containsExactlyInAnyOrder(HttpMethod.GET, HttpMethod.POST);
        // the content type stays problem+json whatever the exception's own headers say
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void unreadableBodyShowsFirstLineOfTheDecoderError() {
        var root = new IllegalStateException("Unexpected character ('}' (code 125)): was expecting double-quote\n"
                + " at [Source: REDACTED; line: 1, column: 12]");
        var ex = new ServerWebInputException("Failed to read HTTP message", null,
                new DecodingException("JSON decoding error: Unexpected character", root));

        var problem = handle(ex);

        assertThat(status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/malformed-request");
        assertThat(problem.get("detail").asString())
                .isEqualTo("Request body cannot be read: Unexpected character ('}' (code 125)): was expecting double-quote");
    }

    record Described(String description, Map<String, String> labels) {
    }

    // the codecs wrap the guard's exception; the answer names the field, not the decoder's words
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"description":"a\\u0000b"}   | description | must not contain the NUL character (U+0000)
            {"labels":{"a\\u0000b":"x"}}  | labels      | keys must not contain the NUL character (U+0000)
            """)
    void nulInABodyStringOrKeyIsAValidationProblemNamingTheField(String json, String field, String message) {
        var mapper = JsonMapper.builder().addModule(new NulRefusingModule()).build();
        Throwable nul = catchThrowable(() -> mapper.readValue(json, Described.class));
        var ex = new ServerWebInputException("Failed to read HTTP message", null,
                new DecodingException("JSON decoding error: " + nul.getMessage(), nul));

        var problem = handle(ex);

        assertThat(status()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/validation");
        assertThat(problem.get("detail").asString()).isEqualTo(field + ": " + message);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo(field);
        assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo(message);
    }

    @Test
    void otherInputErrorsShowTheirReason() {
        var problem = handle(new ServerWebInputException("Required query parameter 'env' is not present."));

        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/malformed-request");
        assertThat(problem.get("detail").asString()).isEqualTo("Required query parameter 'env' is not present.");
    }

    @Test
    void unexpectedErrorIs500WithoutInternals() {
        var problem = handle(new RuntimeException("secret stack detail"));

        assertThat(status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(problem.get("type").asString()).isEqualTo("https://releasecontrol.io/problems/internal");
        assertThat(body()).doesNotContain("secret stack detail", "at io.", "RuntimeException");
    }

    @Test
    void committedResponseLetsTheErrorThrough() {
        exchange.getResponse().setComplete().block();
        var ex = new IllegalStateException("boom after the headers went out");

        StepVerifier.create(handler.handle(exchange, ex)).expectErrorMatches(e -> e == ex).verify();
    }

    @Test
    void runsBeforeSpringBootsErrorHandler() {
        // DefaultErrorWebExceptionHandler is ordered -1
        assertThat(handler.getOrder()).isLessThan(-1);
    }
}
