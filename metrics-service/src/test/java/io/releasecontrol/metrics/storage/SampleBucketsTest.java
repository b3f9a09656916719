package io.releasecontrol.metrics.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;

class SampleBucketsTest {

    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aGroupComesBackAsItWentInWithItsMissingValues() {
        List<MetricSampleRecorded> group = List.of(
                new MetricSampleRecorded("shop", "prod", "1.0.0", "i1", T, 100L, 2L, 1L, 120.0, null, 0.5, null),
                new MetricSampleRecorded("shop", "prod", "1.0.0", "i1", T.plusSeconds(5), 90L, 0L, 0L, null, null, 0.6, null));
        Document d = SampleBuckets.toDocument(group).decode(new DocumentCodec());
        assertThat(d.getString("_id")).isEqualTo("shop|prod|1.0.0|i1|" + T.toEpochMilli() + "|" + T.plusSeconds(5).toEpochMilli());
        assertThat(d.getDate("time")).isEqualTo(Date.from(T.plusSeconds(5)));
        assertThat(d.getDate("from")).isEqualTo(Date.from(T));
        assertThat(d.getInteger("count")).isEqualTo(2);
        assertThat(d.get("count")).isInstanceOf(Integer.class);
        assertThat(d.getInteger("fmt")).isEqualTo(1);
        // time and presence byte per sample, then only the values it has: 9 + 6 * 8 and 9 + 3 * 8 bytes
        assertThat(d.get("samples", Binary.class).getData()).hasSize(57 + 33);
        assertThat(SampleBuckets.fromDocument(d)).containsExactlyElementsOf(group);
    }

    @Test
    void packedValuesKeepTheirExactBitsAndExtremes() {
        List<MetricSampleRecorded> group = List.of(
                new MetricSampleRecorded("a", "e", "1", "i", T, Long.MAX_VALUE, 0L, Long.MIN_VALUE, Double.MIN_VALUE,
                        0.1 + 0.2, -0.0, 1L),
                new MetricSampleRecorded("a", "e", "1", "i", T.plusMillis(1), null, null, null, null, null, null, null));
        assertThat(SampleBuckets.unpack("a", "e", "1", "i", SampleBuckets.pack(group))).containsExactlyElementsOf(group);
    }

    @Test
    void customCountersAreKeptInFormat2AndASampleWithoutThemCostsNothingMore() {
        List<MetricSampleRecorded> group = List.of(
                new MetricSampleRecorded("shop", "prod", "1.0.0", "i1", T, 100L, 2L, 1L, 120.0, null, 0.5, null,
                        java.util.Map.of("checkout_total", 20.0, "checkout_failed", 1.0)),
                new MetricSampleRecorded("shop", "prod", "1.0.0", "i1", T.plusSeconds(5), 90L, 0L, 0L, null, null, 0.6,
                        null));
        Document d = SampleBuckets.toDocument(group).decode(new DocumentCodec());
        assertThat(d.getInteger("fmt")).isEqualTo(2);
        // the second sample as in format 1; the first with a count byte and two named float64 counters
        assertThat(d.get("samples", Binary.class).getData()).hasSize(57 + 1 + (1 + 14 + 8) + (1 + 15 + 8) + 33);
        assertThat(SampleBuckets.fromDocument(d)).containsExactlyElementsOf(group);
        assertThat(SampleBuckets.fromDocument(d).get(0).custom("checkout_failed")).isEqualTo(1.0);
    }

    @Test
    void refusesAPackedFormatItDoesNotKnow() {
        Document future = new Document("_id", "x").append("fmt", 3).append("samples", new Binary(new byte[9]));
        assertThatThrownBy(() -> SampleBuckets.fromDocument(future)).hasMessageContaining("format 3");
    }

    @Test
    void readsADocumentOfParallelArraysWrittenBeforeSamplesWerePacked() {
        Document arrays = new Document("_id", "x").append("application", "shop").append("environment", "prod")
                .append("version", "1.0.0").append("instance", "i1").append("time", Date.from(T.plusSeconds(5)))
                .append("t", List.of(Date.from(T), Date.from(T.plusSeconds(5))))
                .append("requests", List.of(100L, 90L)).append("latencyP95Ms", java.util.Arrays.asList(120.0, null));
        assertThat(SampleBuckets.fromDocument(arrays)).containsExactly(
                new MetricSampleRecorded("shop", "prod", "1.0.0", "i1", T, 100L, null, null, 120.0, null, null, null),
                new MetricSampleRecorded("shop", "prod", "1.0.0", "i1", T.plusSeconds(5), 90L, null, null, null, null, null,
                        null));
    }

    @Test
    void readsADocumentWrittenBeforeSamplesWereGrouped() {
        Document old = new Document("_id", "x").append("application", "shop").append("environment", "prod")
                .append("version", "1.0.0").append("instance", "i1").append("time", Date.from(T))
                .append("requests", 100L).append("errors", 2L).append("latencyP95Ms", 120.0);
        assertThat(SampleBuckets.fromDocument(old)).containsExactly(
                new MetricSampleRecorded("shop", "prod", "1.0.0", "i1", T, 100L, 2L, null, 120.0, null, null, null));
    }
}
