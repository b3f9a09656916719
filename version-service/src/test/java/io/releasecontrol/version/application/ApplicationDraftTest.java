package io.releasecontrol.version.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** An application about to be stored -> the errors of its 400, in order. */
class ApplicationDraftTest {

    private static final String MUST_MATCH = "must match ^[a-z0-9][a-z0-9-]{1,62}$";

    static Stream<Arguments> bodies() {
        List<String> three = List.of("development", "staging", "production");
        List<String> many = java.util.stream.IntStream.range(0, 21).mapToObj(i -> "env" + i).toList();
        return Stream.of(
                Arguments.of(new ApplicationDraft("shop", "the web shop", "team-shop", three), List.of()),
                Arguments.of(new ApplicationDraft(null, null, null, three), List.of("name is required")),
                // too long is only too long, not also a bad name
                Arguments.of(new ApplicationDraft("a".repeat(64), null, null, three),
                        List.of("name must be at most 63 characters")),
                Arguments.of(new ApplicationDraft("Shop_Front", "d".repeat(2001), "o".repeat(201), three),
                        List.of("name " + MUST_MATCH, "description must be at most 2000 characters",
                                "owner must be at most 200 characters")),
                Arguments.of(new ApplicationDraft("shop", null, null, List.of()), List.of("environments must not be empty")),
                Arguments.of(new ApplicationDraft("shop", null, null, many), List.of("environments at most 20")),
                // a missing environment name reads like a bad one
                Arguments.of(new ApplicationDraft("shop", null, null, java.util.Arrays.asList(null, "Prod", "ok1")),
                        List.of("environments[0] " + MUST_MATCH, "environments[1] " + MUST_MATCH)));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void anApplicationBodyAnswersEveryErrorInOrder(ApplicationDraft body, List<String> expected) {
        assertThat(InvalidFields.of(ServiceValidator.get().validate(body))).extracting(e -> e.field() + " " + e.message())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void theEscapedNameInTheMessageIsTheNameRule() {
        // MUST_MATCH_NAME repeats NAME with its braces escaped for the message interpolation
        assertThat(MUST_MATCH).isEqualTo("must match " + ApplicationDraft.NAME);
    }
}
