package io.releasecontrol.metrics.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.alert.AlertEvent;
import io.releasecontrol.events.alert.DataCorruptionReported;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** An alert the broker did not take is kept and sent again, however the producer refused it. */
class AlertPublisherTest {

    @SuppressWarnings("unchecked")
    private final KafkaTemplate<String, Object> kafka = mock(KafkaTemplate.class);
    private final AlertPublisher publisher = new AlertPublisher(kafka, new SimpleMeterRegistry());
    private final EventEnvelope<AlertEvent> alert = EventEnvelope.of("/test", new DataCorruptionReported("shop", "prod",
            "1.1.0", "ops", "ledger rows without an account", Instant.parse("2026-12-06T21:00:00Z")));

    /** The chaos test's finding: with the broker down the producer throws at once, and the breach was lost. */
    @Test
    void aSendRefusedAtOnceIsQueuedAndSentAgain() {
        when(kafka.send(eq(Topics.ALERTS), any(), any()))
                .thenThrow(new KafkaException("Send failed", new TimeoutException("not present in metadata after 12000 ms")))
                .thenReturn(CompletableFuture.completedFuture(mock(SendResult.class)));

        assertThat(publisher.send(List.of(alert))).isCompletedExceptionally();
        assertThat(publisher.unsentCount()).isEqualTo(1);

        publisher.resendUnsent();

        verify(kafka, times(2)).send(Topics.ALERTS, alert.key(), alert);
        assertThat(publisher.unsentCount()).isZero();
    }

    @Test
    void aSendThatFailsLaterIsQueuedToo() {
        when(kafka.send(eq(Topics.ALERTS), any(), any()))
                .thenReturn(CompletableFuture.failedFuture(new TimeoutException("expired")));

        assertThat(publisher.send(List.of(alert))).isCompletedExceptionally();
        assertThat(publisher.unsentCount()).isEqualTo(1);
    }
}
