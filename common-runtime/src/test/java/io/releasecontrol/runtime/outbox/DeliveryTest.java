package io.releasecontrol.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.outbox.OutboxRelay.PendingRow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeliveryTest {

    private static final PendingRow ROW = new PendingRow(42L, "rc.alerts", "app:staging", "ev-1", "t", "{}", null);

    static List<Arguments> outcomes() {
        return List.of(
                // the broker acknowledged
                Arguments.of("acked", (Supplier<CompletableFuture<?>>) () -> CompletableFuture.completedFuture("ok"), null),
                // the client or broker refused: the refusal is the error, unwrapped
                Arguments.of("refused", (Supplier<CompletableFuture<?>>) () -> CompletableFuture.failedFuture(
                        new CompletionException(new RecordTooLargeException("too large"))),
                        "RecordTooLargeException: too large"),
                // still unanswered when the batch stopped waiting
                Arguments.of("unanswered", (Supplier<CompletableFuture<?>>) CompletableFuture::new,
                        "TimeoutException: no acknowledgement within PT15S"),
                // cancelled, e.g. by a producer shutting down
                Arguments.of("cancelled", (Supplier<CompletableFuture<?>>) () -> {
                    var f = new CompletableFuture<>();
                    f.cancel(false);
                    return f;
                }, "CancellationException"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void readsEachRowsOutcome(String name, Supplier<CompletableFuture<?>> ack, String expectedError) {
        Delivery d = Delivery.of(ROW, ack.get(), Duration.ofSeconds(15));

        assertThat(d.row()).isEqualTo(ROW);
        assertThat(d.isAcked()).isEqualTo(expectedError == null);
        assertThat(d.error().map(ErrorText::of).orElse(null)).isEqualTo(expectedError);
    }
}
