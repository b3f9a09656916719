package io.releasecontrol.runtime.outbox;

import io.releasecontrol.runtime.outbox.OutboxRelay.PendingRow;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * What became of one row the relay sent: acknowledged by the broker, or not, with the reason.
 *
 * @param row   the outbox row
 * @param error empty when the broker acknowledged the record
 */
record Delivery(PendingRow row, Optional<Throwable> error) {

    static Delivery acked(PendingRow row) {
        return new Delivery(row, Optional.empty());
    }

    static Delivery failed(PendingRow row, Throwable error) {
        return new Delivery(row, Optional.of(ErrorText.unwrap(error)));
    }

    /** The outcome of {@code ack} once the batch stopped waiting for it after {@code waited}. */
    static Delivery of(PendingRow row, CompletableFuture<?> ack, Duration waited) {
        if (!ack.isDone()) {
            return failed(row, new TimeoutException("no acknowledgement within " + waited));
        }
        Throwable error = ack.handle((ok, e) -> e).getNow(null);
        return error == null ? acked(row) : failed(row, error);
    }

    boolean isAcked() {
        return error.isEmpty();
    }
}
