package io.releasecontrol.runtime.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.runtime.testsupport.ServiceValidator;
import jakarta.validation.ValidationException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UniqueTest {

    record Migration(String id, String store) {
    }

    record ApiChange(String endpoint, String kind) {
    }

    record Body(@Unique(value = "id", message = "repeats migration id '{id}'") List<Migration> migrations,
            @Unique(value = {"endpoint", "kind"}, message = "repeats {kind} {endpoint}") List<ApiChange> apiChanges) {
    }

    static Stream<Arguments> lists() {
        return Stream.of(
                // absent lists and distinct ids are fine
                Arguments.of(new Body(null, null), List.of()),
                Arguments.of(new Body(List.of(new Migration("V1", "pg"), new Migration("V2", "pg")), null), List.of()),
                // every repeat after the first is reported on its own id
                Arguments.of(new Body(List.of(new Migration("V1", "pg"), new Migration("V1", "mongo"),
                        new Migration("V1", "pg")), null), List.of("migrations[1].id repeats migration id 'V1'",
                        "migrations[2].id repeats migration id 'V1'")),
                // null elements and absent ids repeat nothing
                Arguments.of(new Body(Arrays.asList(null, null, new Migration(null, "pg"), new Migration(null, "pg")), null),
                        List.of()),
                // the sent text is shown as it is, never read as a template
                Arguments.of(new Body(List.of(new Migration("{max}", "pg"), new Migration("{max}", "pg"),
                        new Migration("${1+1}", "pg"), new Migration("${1+1}", "pg")), null),
                        List.of("migrations[1].id repeats migration id '{max}'",
                                "migrations[3].id repeats migration id '${1+1}'")),
                // a key of two components: the same endpoint with another kind is no repeat
                Arguments.of(new Body(null, List.of(new ApiChange("GET /x", "added"), new ApiChange("GET /x", "removed"),
                        new ApiChange("GET /x", "added"))), List.of("apiChanges[2].endpoint repeats added GET /x")),
                // components are compared one by one, not as joined text
                Arguments.of(new Body(null, List.of(new ApiChange("a b", "c"), new ApiChange("a", "b c"))), List.of()),
                // an absent component is part of the key, shown as null
                Arguments.of(new Body(null, List.of(new ApiChange("GET /x", null), new ApiChange("GET /x", null))),
                        List.of("apiChanges[1].endpoint repeats null GET /x")));
    }

    @ParameterizedTest
    @MethodSource("lists")
    void reportsEachRepeatOnTheRepeatingElement(Body body, List<String> expected) {
        var violations = ServiceValidator.get().validate(body);

        assertThat(violations).extracting(v -> v.getPropertyPath() + " " + v.getMessage())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    record Wrong(@Unique(value = "name", message = "repeats") List<Migration> migrations) {
    }

    @Test
    void aComponentThatDoesNotExistIsADeclarationMistake() {
        assertThatThrownBy(() -> ServiceValidator.get().validate(new Wrong(List.of(new Migration("V1", "pg")))))
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("has no component name");
    }
}
