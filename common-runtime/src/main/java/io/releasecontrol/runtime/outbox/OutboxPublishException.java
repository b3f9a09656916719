package io.releasecontrol.runtime.outbox;

/**
 * A relay batch that was not published: its rows stay pending, each with its attempt recorded.
 * Names the first row that failed, which is the one holding up the others when it fails every
 * time (a record the broker refuses, a topic that does not exist).
 */
public class OutboxPublishException extends RuntimeException {

    private final long rowId;
    private final int attempts;

    OutboxPublishException(long rowId, int attempts, String message) {
        super(message);
        this.rowId = rowId;
        this.attempts = attempts;
    }

    /**
     * @param first     the first row of the batch that failed
     * @param attempts  that row's attempts so far, this one included
     * @param error     why it failed ({@link ErrorText})
     * @param batchSize rows in the batch, all still pending
     * @param failed    rows of the batch that failed, {@code first} included
     */
    static OutboxPublishException of(OutboxRelay.PendingRow first, int attempts, String error, int batchSize, int failed) {
        return new OutboxPublishException(first.id(), attempts, "outbox row %d (%s %s to %s) not published, attempt %d: %s; its batch of %d row(s) stays pending (%d failed)"
                .formatted(first.id(), first.eventType(), first.eventId(), first.topic(), attempts, error, batchSize, failed));
    }

    public long rowId() {
        return rowId;
    }

    public int attempts() {
        return attempts;
    }
}
