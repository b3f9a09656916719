package io.releasecontrol.runtime.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.outbox.OutboxRelay.PendingRow;
import org.junit.jupiter.api.Test;

class OutboxPublishExceptionTest {

    @Test
    void namesTheRowItsAttemptAndWhy() {
        var row = new PendingRow(42L, "rc.alerts", "app:staging", "ev-1", "io.releasecontrol.alert.x.v1", "{}", null);

        var e = OutboxPublishException.of(row, 3, "RecordTooLargeException: too large", 200, 1);

        assertThat(e.getMessage()).isEqualTo("outbox row 42 (io.releasecontrol.alert.x.v1 ev-1 to rc.alerts) not published,"
                + " attempt 3: RecordTooLargeException: too large; its batch of 200 row(s) stays pending (1 failed)");
        assertThat(e.rowId()).isEqualTo(42L);
        assertThat(e.attempts()).isEqualTo(3);
    }
}
