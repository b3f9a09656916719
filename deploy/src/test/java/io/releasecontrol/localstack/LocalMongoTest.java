package io.releasecontrol.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * LocalMongo's data file, through the real MongoDB driver as the services use it: what is written
 * before a shutdown is read back by the next server on the same file, both in this JVM and for a
 * LocalMongo process stopped by SIGTERM (bin/rc down) or killed by SIGKILL after its auto-commit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalMongoTest {

    private static final String HOST = "127.0.0.1";

    @TempDir
    Path dir;

    @Test
    void documentsAndIndexesSurviveAShutdownAndANewServerOnTheSameFile() throws IOException {
        Path file = dir.resolve("mongo/metrics.mv.db"); // the folder does not exist yet: start creates it
        Instant at = Instant.parse("2026-12-07T00:00:00Z");

        MongoServer first = LocalMongo.start(HOST, freePort(), 5, file);
        try (MongoClient client = client(first)) {
            MongoCollection<Document> samples = client.getDatabase("releasecontrol").getCollection("samples");
            samples.createIndex(Indexes.ascending("target", "at"));
            for (int i = 0; i < 50; i++) {
                samples.insertOne(new Document("target", "checkout:prod").append("at", Date.from(at.plusSeconds(i)))
                        .append("value", i * 0.5).append("count", (long) i)
                        .append("labels", new Document("version", "1.2." + (i % 3))));
            }
            MongoCollection<Document> rules = client.getDatabase("releasecontrol").getCollection("rules");
            rules.insertOne(new Document("_id", "error-rate").append("threshold", 0.05));
            rules.updateOne(Filters.eq("_id", "error-rate"), Updates.set("threshold", 0.02));
            samples.deleteOne(Filters.eq("count", 0L));
        } finally {
            first.shutdown();
        }
        assertThat(file).isRegularFile();

        MongoServer second = LocalMongo.start(HOST, freePort(), 5, file);
        try (MongoClient client = client(second)) {
            MongoCollection<Document> samples = client.getDatabase("releasecontrol").getCollection("samples");
            assertThat(samples.countDocuments()).isEqualTo(49);
            Document last = samples.find().sort(Sorts.descending("at")).first();
            assertThat(last).isNotNull();
            assertThat(last.getDate("at")).isEqualTo(Date.from(at.plusSeconds(49)));
            assertThat(last.getDouble("value")).isEqualTo(24.5);
            assertThat(last.getLong("count")).isEqualTo(49L);
            assertThat(last.get("labels", Document.class).getString("version")).isEqualTo("1.2.1");
            List<String> indexes = new ArrayList<>();
            samples.listIndexes().forEach(index -> indexes.add(index.getString("name")));
            assertThat(indexes).contains("target_1_at_1");
            Document rule = client.getDatabase("releasecontrol").getCollection("rules")
                    .find(Filters.eq("_id", "error-rate")).first();
            assertThat(rule).isNotNull();
            assertThat(rule.getDouble("threshold")).isEqualTo(0.02);
        } finally {
            second.shutdown();
        }
    }

    /**
     * The unique indexes of a file written by mongo-java-server's own H2 backend are read and
     * extended by LocalMongo's (IndexKeyType) and the other way round: the key order is the same.
     */
    @Test
    void uniqueIndexesOfAFileWrittenWithH2sDefaultOrderWorkBothWays() throws IOException {
        Path file = dir.resolve("compat.mv.db");
        List<Object> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(switch (i % 4) {
                case 0 -> "id-" + i;
                case 1 -> i;
                case 2 -> (long) i * 1_000_000_007L;
                default -> new Document("target", "t" + i).append("minute", i);
            });
        }
        MongoServer plain = new MongoServer(new de.bwaldvogel.mongo.backend.h2.H2Backend(file.toString()));
        plain.bind(HOST, freePort());
        try (MongoClient client = client(plain)) {
            MongoCollection<Document> c = client.getDatabase("releasecontrol").getCollection("compat");
            c.createIndex(Indexes.ascending("a", "b"), new com.mongodb.client.model.IndexOptions().unique(true));
            for (int i = 0; i < 100; i++) {
                c.insertOne(new Document("_id", ids.get(i)).append("a", "x" + (i % 7)).append("b", i));
            }
        } finally {
            plain.shutdown();
        }
        MongoServer ours = LocalMongo.start(HOST, freePort(), 5, file);
        try (MongoClient client = client(ours)) {
            MongoCollection<Document> c = client.getDatabase("releasecontrol").getCollection("compat");
            for (int i = 0; i < 100; i++) {
                assertThat(c.find(Filters.eq("_id", ids.get(i))).first()).as("id %s", ids.get(i)).isNotNull();
            }
            assertDuplicate(() -> c.insertOne(new Document("_id", ids.get(3))));
            assertDuplicate(() -> c.insertOne(new Document("_id", "new").append("a", "x3").append("b", 3)));
            for (int i = 100; i < 200; i++) {
                c.insertOne(new Document("_id", ids.get(i)).append("a", "x" + (i % 7)).append("b", i));
            }
        } finally {
            ours.shutdown();
        }
        MongoServer again = new MongoServer(new de.bwaldvogel.mongo.backend.h2.H2Backend(file.toString()));
        again.bind(HOST, freePort());
        try (MongoClient client = client(again)) {
            MongoCollection<Document> c = client.getDatabase("releasecontrol").getCollection("compat");
            for (Object id : ids) {
                assertThat(c.find(Filters.eq("_id", id)).first()).as("id %s", id).isNotNull();
            }
            assertDuplicate(() -> c.insertOne(new Document("_id", ids.get(150))));
        } finally {
            again.shutdown();
        }
    }

    private static void assertDuplicate(Runnable insert) {
        try {
            insert.run();
        } catch (com.mongodb.MongoWriteException e) {
            assertThat(e.getError().getCode()).isEqualTo(11000);
            return;
        }
        throw new AssertionError("a duplicate key was accepted");
    }

    @Test
    void helloAnswersIsWritablePrimaryWithADataFileAndInMemory() throws IOException {
        for (Path file : new Path[] {dir.resolve("hello.mv.db"), null}) {
            MongoServer server = LocalMongo.start(HOST, freePort(), 5, file);
            try (MongoClient client = client(server)) {
                Document reply = client.getDatabase("admin").runCommand(new Document("hello", 1));
                assertThat(reply.getBoolean("isWritablePrimary")).as("hello, data file " + file).isTrue();
                assertThat(reply.get("ok", Number.class).doubleValue()).isEqualTo(1.0);
            } finally {
                server.shutdown();
            }
        }
    }

    @Test
    void aLocalMongoProcessKeepsItsDataAcrossSigtermAndSigkill() throws Exception {
        Path file = dir.resolve("state/mongo/metrics.mv.db");

        // SIGTERM, as bin/rc down sends it: the shutdown hook closes the store
        Child one = Child.start(dir, file);
        try (MongoClient client = MongoClients.create(one.uri())) {
            insert(client, "before-term", 20);
        }
        assertThat(one.terminate()).as("exit after SIGTERM").isNotEqualTo(137);

        // SIGKILL after the auto-commit delay: the store reopens at its last commit, with these
        Child two = Child.start(dir, file);
        try (MongoClient client = MongoClients.create(two.uri())) {
            assertThat(count(client, "before-term")).isEqualTo(20);
            insert(client, "before-kill", 30);
        }
        Thread.sleep(HelloAwareH2Backend.AUTO_COMMIT_MILLIS * 3L);
        two.kill();

        Child three = Child.start(dir, file);
        try (MongoClient client = MongoClients.create(three.uri())) {
            assertThat(count(client, "before-term")).isEqualTo(20);
            assertThat(count(client, "before-kill")).isEqualTo(30);
        } finally {
            three.terminate();
        }
    }

    private static void insert(MongoClient client, String batch, int n) {
        MongoCollection<Document> c = client.getDatabase("releasecontrol").getCollection("samples");
        for (int i = 0; i < n; i++) {
            c.insertOne(new Document("batch", batch).append("i", i));
        }
    }

    private static long count(MongoClient client, String batch) {
        return client.getDatabase("releasecontrol").getCollection("samples").countDocuments(Filters.eq("batch", batch));
    }

    private static MongoClient client(MongoServer server) {
        InetSocketAddress address = server.getLocalAddress();
        return MongoClients.create(settings("mongodb://" + HOST + ":" + address.getPort()));
    }

    private static MongoClientSettings settings(String uri) {
        return MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(b -> b.connectTimeout(5, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    /** LocalMongo in its own JVM, as bin/rc starts it. */
    private record Child(Process process, int port) {

        static Child start(Path dir, Path dataFile) throws IOException, InterruptedException {
            Path portFile = dir.resolve("mongo.port");
            Files.deleteIfExists(portFile);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                    LocalMongo.class.getName(), "--host", HOST, "--port", Integer.toString(freePort()), "--tries", "5",
                    "--port-file", portFile.toString(), "--data-file", dataFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("local-mongo.log").toFile()))
                    .start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.isRegularFile(portFile) || Files.size(portFile) == 0) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("LocalMongo did not start: " + Files.readString(dir.resolve("local-mongo.log")));
                }
                Thread.sleep(50);
            }
            return new Child(process, Integer.parseInt(Files.readString(portFile).trim()));
        }

        MongoClientSettings uri() {
            return settings("mongodb://" + HOST + ":" + port);
        }

        int terminate() throws InterruptedException {
            process.destroy(); // SIGTERM
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("LocalMongo did not stop within 20 s of SIGTERM");
            }
            return process.exitValue();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
