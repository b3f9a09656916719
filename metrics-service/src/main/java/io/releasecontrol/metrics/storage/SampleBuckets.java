package io.releasecontrol.metrics.storage;

import io.releasecontrol.events.metric.MetricSampleRecorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;

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

    /** One document for samples of one instance, oldest first. */
    static Document toDocument(List<MetricSampleRecorded> samples) {
        MetricSampleRecorded first = samples.get(0);
        MetricSampleRecorded last = samples.get(samples.size() - 1);
        String key = key(first);
        Document d = new Document("_id", key + "|" + first.time().toEpochMilli() + "|" + last.time().toEpochMilli())
                .append(KEY, key)
                .append("application", first.application())
                .append("environment", first.environment())
                .append("version", first.version())
                .append("instance", first.instance())
                .append(FROM, Date.from(first.time()))
                .append(TIME, Date.from(last.time()))
                .append(COUNT, samples.size());
        List<Date> times = new ArrayList<>(samples.size());
        samples.forEach(s -> times.add(Date.from(s.time())));
        d.append("t", times);
        for (Field f : FIELDS) {
            List<Object> values = new ArrayList<>(samples.size());
            boolean any = false;
            for (MetricSampleRecorded s : samples) {
                Object v = f.value().apply(s);
                any |= v != null;
                values.add(v);
            }
            if (any) {
                d.append(f.name(), values);
            }
        }
        return d;
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
