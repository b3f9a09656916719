package io.releasecontrol.runtime.validation;

import static io.releasecontrol.runtime.validation.IsoDurationTest.describe;
import static io.releasecontrol.runtime.validation.IsoDurationTest.expected;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UuidTest {

    record Request(@Uuid String id, @Uuid(message = "must be a deployment id (UUID), got '{rejected}'") String rollbackOf) {
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            3f2a9c1e-0b9a-4c1d-8e7f-6a5b4c3d2e1f | NULL
            NULL                                 | NULL
            1-1-1-1-1                            | NULL
            r-1                                  | id must be a UUID, got 'r-1'
            ''                                   | id must be a UUID, got ''
            """)
    void readsWhatUuidFromStringReads(String id, String expected) {
        assertThat(describe(new Request(id, null))).containsExactlyInAnyOrder(expected(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", delimiter = '|', textBlock = """
            x | rollbackOf must be a deployment id (UUID), got 'x'
            """)
    void aFieldCanNameWhatItsIdIs(String rollbackOf, String expected) {
        assertThat(describe(new Request(null, rollbackOf))).containsExactlyInAnyOrder(expected(expected));
    }
}
