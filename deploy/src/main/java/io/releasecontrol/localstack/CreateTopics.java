package io.releasecontrol.localstack;

import io.releasecontrol.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates every topic of {@link Topics#ALL} and its dead-letter topic on a broker, idempotently:
 * topics that exist already are left as they are. Waits for the broker to answer first, because
 * bin/rc calls it right after starting one.
 *
 * <pre>CreateTopics [--bootstrap 127.0.0.1:9092] [--partitions 6] [--replication-factor 1] [--timeout 60]</pre>
 */
public final class CreateTopics {

    private CreateTopics() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, Map.of(
                "bootstrap", "127.0.0.1:9092", "partitions", "6", "replication-factor", "1", "timeout", "60"));
        String bootstrap = o.get("bootstrap");
        int partitions = o.getInt("partitions");
        short replication = (short) o.getInt("replication-factor");
        Duration timeout = Duration.ofSeconds(o.getInt("timeout"));

        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        // each call gives up quickly so the loop below can report and retry until the deadline
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = awaitTopicNames(admin, bootstrap, timeout);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : Topics.ALL) {
                for (String name : List.of(spec.name(), spec.dlt())) {
                    if (!existing.contains(name)) {
                        missing.add(new NewTopic(name, partitions, replication));
                    }
                }
            }
            create(admin, missing);
            System.out.printf("topics: %d created, %d already there (%d partitions each when created)%n",
                    missing.size(), Topics.ALL.size() * 2 - missing.size(), partitions);
        }
    }

    /** Lists the topics once the broker answers; exits with a clear message if it never does. */
    private static Set<String> awaitTopicNames(Admin admin, String bootstrap, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                return admin.listTopics().names().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        System.err.printf("Kafka broker at %s did not answer within %d s (last error: %s)%n",
                bootstrap, timeout.toSeconds(), last == null ? "none" : rootMessage(last));
        System.exit(2);
        throw new IllegalStateException("unreachable");
    }

    private static void create(Admin admin, List<NewTopic> topics) throws InterruptedException {
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get();
            } catch (ExecutionException e) {
                // another process created it between our listing and our request: that is fine
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + name + ": " + rootMessage(e), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating " + name, e);
            }
        });
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
