package io.releasecontrol.metrics.storage;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonBinary;
import org.bson.BsonBinaryWriter;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.Binary;

/**
 * The raw-sample document format: one document per instance of a target-version and flush, its
 * samples packed into one binary field {@code samples} (format {@code fmt: 1}, below). A flush of
 * 20,000 samples from 600 instances writes 600 documents of a dozen fields each: the store's cost
 * is per document and per BSON element, so neither grows with the samples a document holds.
 * {@code time} is the newest sample's time (the TTL index's field, so no sample expires before its
 * retention), {@code from} the oldest's. The {@code _id} is the instance key with the first and
 * last sample times, so storing the same samples again (a retried flush) collides instead of
 * storing them twice.
 *
 * <p>{@code samples}, format 1, little-endian, per sample oldest first: the time (epoch ms, int64),
 * one byte with a bit per value present (bit 0 requests, 1 errors, 2 5xx, 3 latency, 4 cpu,
 * 5 memory, 6 active users), then each present value — requests, errors, 5xx and active users as
 * int64, latency, cpu and memory as float64. Format 2 is format 1 plus bit 7: the sample's custom
 * counters follow its values — their number (one byte), then per counter its name (one byte of
 * length, the UTF-8 bytes) and its value (float64); a document uses format 2 only when one of its
 * samples has custom counters, so older readers still read every other document. Documents written
 * before (parallel arrays {@code t}, {@code requests}, ..., or one sample per document) still read back.
 */
final class SampleBuckets {

    static final String KEY = "key";
    static final String TIME = "time";
    static final String FROM = "from";
    static final String COUNT = "count";
    static final String FORMAT = "fmt";
    static final String SAMPLES = "samples";
    /** the packed layouts described above; a reader refuses a format it does not know */
    static final int PACKED_V1 = 1;
    static final int PACKED_V2 = 2;
    private static final int CUSTOM_BIT = 7;

    /** values a sample may carry: requests, errors, http5xx, latencyP95Ms, cpu, memory, activeUsers */
    private static final int VALUES = 7;

    private SampleBuckets() {
    }

    /** The instance a sample belongs to: target, version and instance. */
    static String key(MetricSampleRecorded s) {
        return s.application() + "|" + s.environment() + "|" + s.version() + "|" + s.instance();
    }

    /** One document for samples of one instance, oldest first, written straight to BSON. */
    static RawBsonDocument toDocument(List<MetricSampleRecorded> samples) {
        MetricSampleRecorded first = samples.get(0);
        MetricSampleRecorded last = samples.get(samples.size() - 1);
        String key = key(first);
        BasicOutputBuffer buffer = new BasicOutputBuffer(256 + key.length() * 3);
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
            w.writeInt32(FORMAT, samples.stream().anyMatch(x -> x.custom() != null) ? PACKED_V2 : PACKED_V1);
            w.writeBinaryData(SAMPLES, new BsonBinary(pack(samples)));
            w.writeEndDocument();
        }
        return new RawBsonDocument(buffer.getInternalBuffer(), 0, buffer.getPosition());
    }

    /** The samples' times and values in format {@link #PACKED_V1}. */
    static byte[] pack(List<MetricSampleRecorded> samples) {
        int size = samples.size() * (9 + 8 * VALUES);
        for (MetricSampleRecorded s : samples) {
            if (s.custom() != null) {
                size += 1;
                for (String name : s.custom().keySet()) {
                    size += 1 + name.getBytes(StandardCharsets.UTF_8).length + 8;
                }
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        for (MetricSampleRecorded s : samples) {
            out.putLong(s.time().toEpochMilli());
            out.put((byte) (bit(s.requests(), 0) | bit(s.errors(), 1) | bit(s.http5xx(), 2) | bit(s.latencyP95Ms(), 3)
                    | bit(s.cpu(), 4) | bit(s.memory(), 5) | bit(s.activeUsers(), 6) | bit(s.custom(), CUSTOM_BIT)));
            putLong(out, s.requests());
            putLong(out, s.errors());
            putLong(out, s.http5xx());
            putDouble(out, s.latencyP95Ms());
            putDouble(out, s.cpu());
            putDouble(out, s.memory());
            putLong(out, s.activeUsers());
            if (s.custom() != null) {
                // at most 32 counters of names up to 63 ASCII characters (SampleRequest)
                out.put((byte) s.custom().size());
                s.custom().forEach((name, value) -> {
                    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                    out.put((byte) bytes.length).put(bytes).putDouble(value);
                });
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private static int bit(Object value, int bit) {
        return value == null ? 0 : 1 << bit;
    }

    private static void putLong(ByteBuffer out, Long v) {
        if (v != null) {
            out.putLong(v);
        }
    }

    private static void putDouble(ByteBuffer out, Double v) {
        if (v != null) {
            out.putDouble(v);
        }
    }

    /** The samples of one instance from their packed bytes, in the order they were packed. */
    static List<MetricSampleRecorded> unpack(String application, String environment, String version, String instance,
            byte[] packed) {
        ByteBuffer in = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
        List<MetricSampleRecorded> out = new ArrayList<>();
        while (in.hasRemaining()) {
            Instant t = Instant.ofEpochMilli(in.getLong());
            int present = in.get();
            Long requests = (present & 1) != 0 ? in.getLong() : null;
            Long errors = (present & 2) != 0 ? in.getLong() : null;
            Long http5xx = (present & 4) != 0 ? in.getLong() : null;
            Double latency = (present & 8) != 0 ? in.getDouble() : null;
            Double cpu = (present & 16) != 0 ? in.getDouble() : null;
            Double memory = (present & 32) != 0 ? in.getDouble() : null;
            Long users = (present & 64) != 0 ? in.getLong() : null;
            Map<String, Double> custom = null;
            if ((present & (1 << CUSTOM_BIT)) != 0) {
                int n = Byte.toUnsignedInt(in.get());
                custom = new LinkedHashMap<>(n * 2);
                for (int i = 0; i < n; i++) {
                    byte[] name = new byte[Byte.toUnsignedInt(in.get())];
                    in.get(name);
                    custom.put(new String(name, StandardCharsets.UTF_8), in.getDouble());
                }
            }
            out.add(new MetricSampleRecorded(application, environment, version, instance, t, requests, errors, http5xx,
                    latency, cpu, memory, users, custom));
        }
        return out;
    }

    /** The samples of a document, oldest first. */
    static List<MetricSampleRecorded> fromDocument(Document d) {
        Object packed = d.get(SAMPLES);
        if (packed != null) {
            int format = d.getInteger(FORMAT, 0);
            if (format != PACKED_V1 && format != PACKED_V2) {
                throw new IllegalStateException("raw sample document " + d.get("_id") + " has format " + format
                        + ", this version reads " + PACKED_V1 + " and " + PACKED_V2);
            }
            byte[] bytes = packed instanceof Binary b ? b.getData() : (byte[]) packed;
            return unpack(d.getString("application"), d.getString("environment"), d.getString("version"),
                    d.getString("instance"), bytes);
        }
        // written before samples were packed: parallel arrays
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
