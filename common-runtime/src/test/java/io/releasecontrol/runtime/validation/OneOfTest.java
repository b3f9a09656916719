package io.releasecontrol.runtime.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.testsupport.ServiceValidator;
import jakarta.validation.ConstraintViolation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OneOfTest {

    // declared unsorted: the message sorts them
    record Change(@OneOf({"fix", "feature"}) String optional, @OneOf(value = {"low", "high"}, required = true) String required) {
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            fix       | low   | NULL
            NULL      | high  | NULL
            Fix       | low   | optional must be one of feature, fix (got 'Fix')
            ''        | low   | optional must be one of feature, fix (got '')
            fix       | NULL  | required is required (one of high, low)
            fix       | x     | required must be one of high, low (got 'x')
            ${1+1}    | low   | optional must be one of feature, fix (got '${1+1}')
            {max}     | low   | optional must be one of feature, fix (got '{max}')
            a\\{b}$c  | low   | optional must be one of feature, fix (got 'a\\{b}$c')
            """)
    void acceptsOnlyTheWordsAndShowsWhatWasSentAsText(String optional, String required, String expected) {
        var violations = ServiceValidator.get().validate(new Change(optional, required));

        assertThat(violations).extracting(OneOfTest::describe).containsExactlyInAnyOrder(
                expected == null ? new String[0] : new String[] {expected});
    }

    static String describe(ConstraintViolation<?> v) {
        return v.getPropertyPath() + " " + v.getMessage();
    }
}
