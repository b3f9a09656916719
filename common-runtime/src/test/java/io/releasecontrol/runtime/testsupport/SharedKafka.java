package io.releasecontrol.runtime.testsupport;

import io.releasecontrol.events.Topics;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (KRaft mode, in-process) per test JVM — that is, per module run — with
 * every Release Control topic and its dead-letter topic created. Started on first use, stopped
 * when the JVM exits.
 */
public final class SharedKafka {

    /** Partitions per topic in tests: more than one, so per-key ordering is really exercised. */
    public static final int PARTITIONS = 3;
    private static final Logger log = LoggerFactory.getLogger(SharedKafka.class);
    private static EmbeddedKafkaKraftBroker broker;

    private SharedKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            long start = System.nanoTime();
            List<String> topics = new ArrayList<>();
            Topics.ALL.forEach(spec -> {
                topics.add(spec.name());
                topics.add(spec.dlt());
            });
            var b = new EmbeddedKafkaKraftBroker(1, PARTITIONS, topics.toArray(String[]::new));
            b.brokerProperty("auto.create.topics.enable", "false");
            b.brokerProperty("transaction.state.log.replication.factor", "1");
            b.brokerProperty("transaction.state.log.min.isr", "1");
            b.afterPropertiesSet();
            broker = b;
            Runtime.getRuntime().addShutdownHook(new Thread(b::destroy, "shared-kafka-stop"));
            log.info("shared KRaft broker up at {} in {} ms", b.getBrokersAsString(), (System.nanoTime() - start) / 1_000_000);
        }
        return broker.getBrokersAsString();
    }
}
