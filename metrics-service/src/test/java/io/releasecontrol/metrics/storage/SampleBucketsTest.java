package io.releasecontrol.metrics.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.codecs.DocumentCodec;
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
        // no sample had a cpu or user count: no array for them
        assertThat(d).doesNotContainKeys("cpu", "activeUsers");
        // the BSON types a Document with these values would have had
        assertThat(d.getList("t", Object.class)).containsExactly(Date.from(T), Date.from(T.plusSeconds(5)));
        assertThat(d.getList("requests", Object.class)).containsExactly(100L, 90L);
        assertThat(d.getList("latencyP95Ms", Object.class)).containsExactly(120.0, null);
        assertThat(d.getList("memory", Object.class)).containsExactly(0.5, 0.6);
        assertThat(d.get("count")).isInstanceOf(Integer.class);
        assertThat(SampleBuckets.fromDocument(d)).containsExactlyElementsOf(group);
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
