package io.releasecontrol.runtime.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import io.releasecontrol.runtime.validation.OneOf;
import io.releasecontrol.runtime.validation.Unique;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidFieldsTest {

    // components deliberately not in alphabetical order: errors follow the declaration
    record Order(@NotBlank(message = "is required") @Size(max = 5, message = "must be at most {max} characters")
            @Pattern(regexp = "[a-z]+", message = "lower-case letters") String name,
            @Size(max = 3, message = "must be at most {max} characters") String alias,
            @Size(max = 2, message = "at most {max} entries") @Unique(value = "id", message = "repeats '{id}'")
            @Valid List<@NotNull(message = "must not be null") Line> lines,
            Map<@Pattern(regexp = "[a-z]+", message = "lower-case keys") String,
                    @NotBlank(message = "is required") String> labels) {
    }

    record Line(@NotBlank(message = "is required") String id, @OneOf({"x", "y"}) String kind,
            @NotNull(message = "is required (true or false)") Boolean done) {
    }

    static Line line(String id) {
        return new Line(id, "x", true);
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                // a valid body has no errors
                Arguments.of(new Order("shop", null, List.of(line("a")), labels("env", "prod")), List.of()),
                // declaration order, not alphabetical: name before alias
                Arguments.of(new Order("shop-front", "abcd", null, null),
                        List.of("name must be at most 5 characters", "alias must be at most 3 characters")),
                // a blank name is only "is required", not also the pattern's complaint
                Arguments.of(new Order(" ", null, null, null), List.of("name is required")),
                // too long hides the format too
                Arguments.of(new Order("ABCDEF", null, null, null), List.of("name must be at most 5 characters")),
                Arguments.of(new Order("AB", null, null, null), List.of("name lower-case letters")),
                // list elements by index, each element's fields in declaration order, the list's own size first
                Arguments.of(new Order("shop", null, java.util.Arrays.asList(new Line(null, "z", null), null, line("b")),
                        null), List.of("lines at most 2 entries", "lines[0].id is required",
                        "lines[0].kind must be one of x, y (got 'z')", "lines[0].done is required (true or false)",
                        "lines[1] must not be null")),
                // a repeat is reported on the repeating element's field, in its place
                Arguments.of(new Order("shop", null, List.of(line("a"), new Line("a", "z", true)), null),
                        List.of("lines[1].id repeats 'a'", "lines[1].kind must be one of x, y (got 'z')")),
                // a missing id is not also a repeat of another missing id
                Arguments.of(new Order("shop", null, List.of(line(" "), line(" ")), null),
                        List.of("lines[0].id is required", "lines[1].id is required")),
                // map entries as sent (not sorted), the key's error before the value's
                Arguments.of(new Order("shop", null, null, labels("zz", "", "B", "", "aa", "")),
                        List.of("labels.zz is required", "labels.B lower-case keys", "labels.B is required",
                                "labels.aa is required")));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void errorsFollowTheRequestOneFailurePerField(Order body, List<String> expected) {
        var errors = InvalidFields.of(ServiceValidator.get().validate(body));

        assertThat(errors).extracting(e -> e.field() + " " + e.message()).containsExactlyElementsOf(expected);
    }

    @Test
    void checksWrittenByHandJoinTheRequestsOrderAfterAFieldsOwnFailure() {
        var violations = ServiceValidator.get().validate(
                new Order("AB", "abcd", List.of(line("a"), new Line(" ", "x", true)), labels("env", "prod")));

        var errors = InvalidFields.of(Order.class, violations, List.of(
                new FieldError("labels.env", "is taken"),
                new FieldError("labels", "must name an owner"),
                new FieldError("lines[1].kind", "x needs an id"),
                // alias is too long already: that is its one error
                new FieldError("alias", "must differ from name"),
                new FieldError("lines[0].done", "must be false for a"),
                new FieldError("lines[0].done", "must be false, again")));

        assertThat(errors).extracting(e -> e.field() + " " + e.message()).containsExactly("name lower-case letters",
                "alias must be at most 3 characters", "lines[0].done must be false for a", "lines[1].id is required",
                "lines[1].kind x needs an id", "labels must name an owner", "labels.env is taken");
    }

    @Test
    void theProblemIsTheValidationProblemWithEveryErrorInTheDetail() {
        var problem = catchThrowableOfType(ProblemException.class,
                () -> InvalidFields.throwIfAny(ServiceValidator.get().validate(new Order(null, "abcd", null, null))));

        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION);
        assertThat(problem.getMessage())
                .isEqualTo("2 invalid field(s): name is required; alias must be at most 3 characters");
        assertThat(problem.extensions()).containsOnlyKeys("errors");
        assertThat(problem.extensions().get("errors")).isEqualTo(List.of(new FieldError("name", "is required"),
                new FieldError("alias", "must be at most 3 characters")));
    }

    @Test
    void handWrittenChecksKeepTheirOrder() {
        var problem = InvalidFields.problem(List.of(new FieldError("to", "bad"), new FieldError("from", "worse")));

        assertThat(problem.getMessage()).isEqualTo("2 invalid field(s): to bad; from worse");
    }

    @Test
    void nothingInvalidThrowsNothing() {
        InvalidFields.throwIfAny(ServiceValidator.get().validate(new Order("shop", null, null, null)));
        InvalidFields.throwIfAny(List.of());
    }
}
