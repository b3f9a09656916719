package io.releasecontrol.runtime.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProblemTypeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            400, MALFORMED_REQUEST
            401, UNAUTHENTICATED
            403, FORBIDDEN
            404, NOT_FOUND
            405, METHOD_NOT_ALLOWED
            406, NOT_ACCEPTABLE
            409, CONFLICT
            413, PAYLOAD_TOO_LARGE
            414, URI_TOO_LONG
            415, UNSUPPORTED_MEDIA_TYPE
            422, UNPROCESSABLE
            423, MAINTENANCE_MODE
            429, RATE_LIMITED
            431, HEADERS_TOO_LARGE
            503, SERVICE_UNAVAILABLE
            500, INTERNAL
            502, INTERNAL
            504, INTERNAL
            410, MALFORMED_REQUEST
            418, MALFORMED_REQUEST
            """)
    void forStatusMapsFrameworkStatuses(int status, ProblemType expected) {
        // unknown 4xx fall back to malformed-request, unknown 5xx to internal
        assertThat(ProblemType.forStatus(status)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            VALIDATION,      https://releasecontrol.io/problems/validation,      400
            CONFLICT,        https://releasecontrol.io/problems/conflict,        409
            IDENTITY_REJECTED, https://releasecontrol.io/problems/identity-rejected, 401
            UNPROCESSABLE,   https://releasecontrol.io/problems/unprocessable,   422
            MAINTENANCE_MODE, https://releasecontrol.io/problems/maintenance-mode, 423
            FREEZE_WINDOW,   https://releasecontrol.io/problems/freeze-window,   423
            PAYLOAD_TOO_LARGE, https://releasecontrol.io/problems/payload-too-large, 413
            """)
    void typeHasStableUriAndStatus(ProblemType type, String uri, int status) {
        assertThat(type.uri()).hasToString(uri);
        assertThat(type.status().value()).isEqualTo(status);
    }

    @Test
    void everyTypeMapsBackFromItsStatusOrSharesIt() {
        // forStatus never invents a status a type does not have
        Arrays.stream(ProblemType.values()).forEach(type ->
                assertThat(ProblemType.forStatus(type.status().value()).status()).isEqualTo(type.status()));
    }
}
