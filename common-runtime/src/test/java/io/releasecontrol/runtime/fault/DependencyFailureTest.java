package io.releasecontrol.runtime.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

class DependencyFailureTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.argumentSet("PostgreSQL refusing connections (a restart), as R2DBC says it",
                        new R2dbcNonTransientResourceException("database \"rc\" is not currently accepting connections"),
                        "the database"),
                Arguments.argumentSet("the same under Spring's translation and the listener's wrapper",
                        new ListenerExecutionFailedException("Listener failed", new DataAccessResourceFailureException(
                                "connection lost", new R2dbcNonTransientResourceException("closed"))), "the database"),
                Arguments.argumentSet("a statement timing out", new R2dbcTimeoutException("timeout"), "the database"),
                Arguments.argumentSet("the broker gone: the producer's synchronous refusal",
                        new KafkaException("Send failed", new org.apache.kafka.common.errors.TimeoutException(
                                "Topic rc.alerts not present in metadata after 12000 ms.")), "the Kafka broker"),
                Arguments.argumentSet("a blocking wait on the listener thread that ran out",
                        new IllegalStateException("Timeout on blocking read for 10000000000 NANOSECONDS",
                                new TimeoutException("Did not observe any item")), "a dependency that timed out"),
                Arguments.argumentSet("connection refused", new java.io.UncheckedIOException(
                        new ConnectException("Connection refused")), "a connection"),
                Arguments.argumentSet("the input's fault: a constraint", new DataIntegrityViolationException("dup",
                        new R2dbcDataIntegrityViolationException("duplicate key")), null),
                Arguments.argumentSet("the code's fault: bad SQL", new R2dbcBadGrammarException("syntax"), null),
                Arguments.argumentSet("the input's fault: invalid", new IllegalArgumentException("unknown environment"),
                        null),
                Arguments.argumentSet("a bug", new IllegalStateException("wrapper", new NullPointerException()), null));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void tellsADependencyThatIsDownFromAFailureOfTheInput(Throwable failure, String dependency) {
        assertThat(DependencyFailure.in(failure).map(DependencyFailure::dependency).orElse(null)).isEqualTo(dependency);
    }

    @org.junit.jupiter.api.Test
    void describesWhatIsDownAndWhatItSaid() {
        var down = DependencyFailure.in(new DataAccessResourceFailureException("x",
                new R2dbcNonTransientResourceException("not accepting connections\nsecond line"))).orElseThrow();
        assertThat(down.describe()).isEqualTo(
                "the database is unavailable (DataAccessResourceFailureException: x)");
    }
}
