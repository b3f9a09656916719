package io.releasecontrol.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.kafka.KafkaException;

class ErrorTextTest {

    static Stream<Arguments> errors() {
        var tooLarge = new RecordTooLargeException("The message is 1100123 bytes when serialized");
        return Stream.of(
                // the plain case: type and message
                Arguments.of(new IllegalStateException("broker gone"), "IllegalStateException: broker gone"),
                // no message: the type alone
                Arguments.of(new NullPointerException(), "NullPointerException"),
                // future wrappers say nothing: the error inside them is the error
                Arguments.of(new CompletionException(new ExecutionException(tooLarge)),
                        "RecordTooLargeException: The message is 1100123 bytes when serialized"),
                // a wrapper with its own words keeps them, and the root cause says why
                Arguments.of(new KafkaException("Send failed", tooLarge),
                        "KafkaException: Send failed (cause: RecordTooLargeException: The message is 1100123 bytes when serialized)"),
                // one line, whatever the message's layout
                Arguments.of(new IllegalStateException("first line\n\tsecond  line\r\n"),
                        "IllegalStateException: first line second line"),
                // PostgreSQL text refuses NUL: it is dropped
                Arguments.of(new IllegalStateException("nul\u0000here"), "IllegalStateException: nulhere"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("errors")
    void describesTheErrorOnOneLine(Throwable error, String expected) {
        assertThat(ErrorText.of(error)).isEqualTo(expected);
    }

    static List<Arguments> lengths() {
        String emoji = "\uD83D\uDE80";
        return List.of(
                // up to the bound: unchanged
                Arguments.of("x".repeat(1000), "x".repeat(1000)),
                // beyond: cut, and the cut is visible
                Arguments.of("x".repeat(5000), "x".repeat(999) + "…"),
                // a surrogate pair is never halved
                Arguments.of("x".repeat(998) + emoji + "yyy", "x".repeat(998) + "…"));
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void staysWithinTheBound(String text, String expected) {
        assertThat(ErrorText.truncate(text)).isEqualTo(expected).hasSizeLessThanOrEqualTo(ErrorText.MAX_LENGTH);
    }
}
