package io.releasecontrol.version.environment;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.problem.InvalidFields;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A declaration of the current version -> the errors of its 400, version before reason. */
class SetCurrentRequestTest {

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of(new SetCurrentRequest("1.0.0", "pin", null), List.of()),
                Arguments.of(new SetCurrentRequest(null, " ", true), List.of("version is required", "reason is required")),
                Arguments.of(new SetCurrentRequest("1.0", null, null), List.of("version '1.0' is not a semantic version"
                        + " (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], no leading zeros, no 'v' prefix)", "reason is required")),
                // too long is only too long, not also unparsable
                Arguments.of(new SetCurrentRequest("9".repeat(129), "r".repeat(501), null),
                        List.of("version must be at most 128 characters", "reason must be at most 500 characters")));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void aDeclarationAnswersEveryErrorInOrder(SetCurrentRequest body, List<String> expected) {
        assertThat(InvalidFields.of(ServiceValidator.get().validate(body))).extracting(e -> e.field() + " " + e.message())
                .containsExactlyElementsOf(expected);
    }
}
