package io.releasecontrol.runtime.it;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer group member in a process of its own, for {@link ConsumerRebalanceIT} to kill with
 * SIGKILL: joins the group with the given settings, prints {@code ASSIGNED <n>} after every
 * assignment and polls until killed.
 *
 * <p>Arguments: bootstrap servers, topic, group, then {@code key=value} consumer settings.
 */
public final class RebalanceMember {

    private RebalanceMember() {
    }

    public static void main(String[] args) {
        KafkaConsumer<byte[], byte[]> consumer = consumer(args[0], args[2], settings(args, 3));
        consumer.subscribe(List.of(args[1]), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                // only the assignments are measured
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                System.out.println("ASSIGNED " + consumer.assignment().size());
                System.out.flush();
            }
        });
        while (true) {
            consumer.poll(Duration.ofMillis(200));
        }
    }

    static Map<String, String> settings(String[] args, int from) {
        var settings = new java.util.HashMap<String, String>();
        for (int i = from; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            settings.put(kv[0], kv[1]);
        }
        return settings;
    }

    static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group, Map<String, String> settings) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.putAll(settings);
        return new KafkaConsumer<>(p);
    }
}
