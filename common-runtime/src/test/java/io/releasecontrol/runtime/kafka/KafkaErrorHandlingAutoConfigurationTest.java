package io.releasecontrol.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.EventFormatException;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

class KafkaErrorHandlingAutoConfigurationTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.argumentSet("format error itself",
                        new EventFormatException("ce_type is missing"), "ce_type is missing"),
                Arguments.argumentSet("format error under the deserializer's wrapper",
                        new DeserializationException("failed to deserialize", new byte[] {1}, false,
                                new EventFormatException("specversion must be 1.0, got 0.3")),
                        "specversion must be 1.0, got 0.3"),
                // the format error says what is wrong; its own cause (the parser's) is less precise
                Arguments.argumentSet("format error with its own cause",
                        new ListenerExecutionFailedException("Listener failed",
                                new EventFormatException("payload is not JSON", new IOException("Unexpected '}'"))),
                        "payload is not JSON"),
                Arguments.argumentSet("other error: innermost cause",
                        new ListenerExecutionFailedException("Listener failed",
                                new IllegalStateException("wrapper", new UncheckedIOException(new IOException("db down")))),
                        "IOException: db down"),
                Arguments.argumentSet("other error without cause",
                        new IllegalArgumentException("unknown environment 'qa'"),
                        "IllegalArgumentException: unknown environment 'qa'"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void reasonIsFormatErrorMessageElseInnermostCause(Throwable failure, String expected) {
        assertThat(KafkaErrorHandlingAutoConfiguration.reasonOf(failure)).isEqualTo(expected);
    }
}
