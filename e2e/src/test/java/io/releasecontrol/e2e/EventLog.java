package io.releasecontrol.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every record of some topics for one target (record key {@code application:environment}), read
 * from the beginning up to the end offsets of the moment with a plain consumer (no group, nothing
 * committed), in offset order per topic.
 */
final class EventLog {

    /** One CloudEvents record as it is on the topic. */
    record Event(String topic, int partition, long offset, String key, String id, String type, String causationId,
            java.time.Instant timestamp, JsonNode data) {

        String shortType() {
            // io.releasecontrol.deployment.traffic-shifted.v1 -> deployment.traffic-shifted
            String t = type == null ? "?" : type.replaceFirst("^io\\.releasecontrol\\.", "");
            return t.replaceFirst("\\.v\\d+$", "");
        }

        @Override
        public String toString() {
            return topic + "/" + partition + "@" + offset + " " + shortType() + " " + id;
        }
    }

    private EventLog() {
    }

    static List<Event> read(String bootstrap, String key, Collection<String> topics) {
        return read(bootstrap, Set.of(key), topics).getOrDefault(key, List.of());
    }

    /** The records of several targets in one pass, by key. */
    static Map<String, List<Event>> read(String bootstrap, Set<String> keys, Collection<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        Map<String, List<Event>> events = new HashMap<>();
        try (var consumer = new KafkaConsumer<String, String>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topics + " up to " + end + " within 120 s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(r.key())) {
                        events.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(parse(r));
                    }
                }
            }
        }
        return events;
    }

    private static Event parse(ConsumerRecord<String, String> r) {
        try {
            JsonNode json = Api.JSON.readTree(r.value());
            return new Event(r.topic(), r.partition(), r.offset(), r.key(), json.path("id").asText(null),
                    json.path("type").asText(null), json.path("causationid").asText(null), java.time.Instant.ofEpochMilli(r.timestamp()), json.path("data"));
        } catch (IOException e) {
            throw new AssertionError("not JSON on " + r.topic() + "/" + r.partition() + "@" + r.offset() + ": "
                    + r.value(), e);
        }
    }
}
