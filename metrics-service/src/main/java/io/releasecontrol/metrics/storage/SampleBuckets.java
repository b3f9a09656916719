package io.releasecontrol.metrics.storage;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;

/**
 * The raw-sample document format: one document per instance of a target-version and flush, its
 * samples as parallel arrays ({@code t}, {@code requests}, ... with {@code null} where a sample
 * had no value). A flush of 20,000 samples from 600 instances writes 600 documents instead of
 * 20,000: the store's cost is mostly per document. {@code time} is the newest sample's time (the
 * TTL index's field, so no sample expires before its retention), {@code from} the oldest's.
 * The {@code _id} is the instance key with the first and last sample times, so storing the same
 * samples again (a retried flush) collides instead of storing them twice.
 */
final class SampleBuckets {

    static final String KEY = "key";
    static final String TIME = "time";
    static final String FROM = "from";
    static final String COUNT = "count";

    private static final List<Field> FIELDS = List.of(
            new Field("requests", MetricSampleRecorded::requests),
            new Field("errors", MetricSampleRecorded::errors),
            new Field("http5xx", MetricSampleRecorded::http5xx),
            new Field("latencyP95Ms", MetricSampleRecorded::latencyP95Ms),
            new Field("cpu", MetricSampleRecorded::cpu),
            new Field("memory", MetricSampleRecorded::memory),
            new Field("activeUsers", MetricSampleRecorded::activeUsers));

    private record Field(String name, Function<MetricSampleRecorded, Object> value) {
    }

    private SampleBuckets() {
    }

    /** The instance a sample belongs to: target, version and instance. */
    static String key(MetricSampleRecorded s) {
        return s.application() + "|" + s.environment() + "|" + s.version() + "|" + s.instance();
    }

    /**
     * One document for samples of one instance, oldest first, written straight to BSON: the
     * driver's codecs looked up a codec for every array element of a {@link Document} (a seventh of
     * the ingest benchmark's Java time went into encoding the store's documents).
     */
    static RawBsonDocument toDocument(List<MetricSampleRecorded> samples) {
        MetricSampleRecorded first = samples.get(0);
        MetricSampleRecorded last = samples.get(samples.size() - 1);
        String key = key(first);
        BasicOutputBuffer buffer = new BasicOutputBuffer(256 + samples.size() * 64);
        try (BsonBinaryWriter w = new BsonBinaryWriter(buffer)) {
            w.writeStartDocument();
            w.writeString("_id", key + "|" + first.time().toEpochMilli() + "|" + last.time().toEpochMilli());
            w.writeString(KEY, key);
            w.writeString("application", first.application());
            w.writeString("environment", first.environment());
            w.writeString("version", first.version());
            w.writeString("instance", first.instance());
            w.writeDateTime(FROM, first.time().toEpochMilli());
            w.writeDateTime(TIME, last.time().toEpochMilli());
            w.writeInt32(COUNT, samples.size());
            w.writeStartArray("t");
            for (MetricSampleRecorded s : samples) {
                w.writeDateTime(s.time().toEpochMilli());
            }
            w.writeEndArray();
            for (Field f : FIELDS) {
                if (samples.stream().noneMatch(s -> f.value().apply(s) != null)) {
                    continue; // no sample had a value: no array
                }
                w.writeStartArray(f.name());
                for (MetricSampleRecorded s : samples) {
                    Object v = f.value().apply(s);
                    if (v == null) {
                        w.writeNull();
                    } else if (v instanceof Long l) {
                        w.writeInt64(l);
                    } else {
                        w.writeDouble((Double) v);
                    }
                }
                w.writeEndArray();
            }
            w.writeEndDocument();
        }
        return new RawBsonDocument(buffer.getInternalBuffer(), 0, buffer.getPosition());
    }

    /** The samples of a document, oldest first. */
    static List<MetricSampleRecorded> fromDocument(Document d) {
        List<?> times = d.getList("t", Object.class);
        if (times == null) {
            // written before samples were grouped: one sample per document, its values as fields
            return List.of(new MetricSampleRecorded(d.getString("application"), d.getString("environment"),
                    d.getString("version"), d.getString("instance"), d.getDate(TIME).toInstant(),
                    asLong(d.get("requests")), asLong(d.get("errors")), asLong(d.get("http5xx")),
                    asDouble(d.get("latencyP95Ms")), asDouble(d.get("cpu")), asDouble(d.get("memory")),
                    asLong(d.get("activeUsers"))));
        }
        List<MetricSampleRecorded> out = new ArrayList<>(times.size());
        for (int i = 0; i < times.size(); i++) {
            Instant t = ((Date) times.get(i)).toInstant();
            out.add(new MetricSampleRecorded(d.getString("application"), d.getString("environment"),
                    d.getString("version"), d.getString("instance"), t, asLong(value(d, "requests", i)),
                    asLong(value(d, "errors", i)), asLong(value(d, "http5xx", i)),
                    asDouble(value(d, "latencyP95Ms", i)), asDouble(value(d, "cpu", i)), asDouble(value(d, "memory", i)),
                    asLong(value(d, "activeUsers", i))));
        }
        return out;
    }

    private static Object value(Document d, String field, int i) {
        List<?> values = d.getList(field, Object.class);
        return values == null ? null : values.get(i);
    }

    private static Long asLong(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    private static Double asDouble(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }
}
