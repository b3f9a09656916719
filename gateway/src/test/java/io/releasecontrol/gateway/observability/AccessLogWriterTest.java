package io.releasecontrol.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Access lines are written in batches off the request's thread, in order, and none is lost. */
class AccessLogWriterTest {

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger access = (Logger) LoggerFactory.getLogger("io.releasecontrol.gateway.access");
    private final AccessLogWriter writer = new AccessLogWriter();

    @BeforeEach
    void capture() {
        lines.start();
        access.addAppender(lines);
    }

    @AfterEach
    void release() {
        writer.stop();
        access.detachAppender(lines);
    }

    private List<String> written() {
        synchronized (lines) {
            return new ArrayList<>(lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
        }
    }

    private static AccessLogWriter.Line line(int n) {
        return new AccessLogWriter.Line("bot", "version-service", "GET", "/api/v1/applications/" + n, 200, 3,
                "c-" + n, "-");
    }

    @Test
    void linesAreWrittenByTheWriterThreadInOrder() {
        writer.start();
        for (int i = 0; i < 3; i++) {
            writer.add(line(i));
        }
        assertThat(written()).as("not on the caller's thread").isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> written().size() == 3);
        assertThat(written()).containsExactly(
                "caller=bot route=version-service method=GET path=/api/v1/applications/0 status=200 duration=3ms correlationId=c-0 traceId=-",
                "caller=bot route=version-service method=GET path=/api/v1/applications/1 status=200 duration=3ms correlationId=c-1 traceId=-",
                "caller=bot route=version-service method=GET path=/api/v1/applications/2 status=200 duration=3ms correlationId=c-2 traceId=-");
        assertThat(lines.list).allSatisfy(e -> assertThat(e.getThreadName()).isEqualTo("access-log"));
    }

    @Test
    void stoppingWritesWhatIsLeftAndLaterLinesAreWrittenAtOnce() {
        writer.start();
        for (int i = 0; i < 1000; i++) {
            writer.add(line(i));
        }
        writer.stop();
        assertThat(written()).hasSize(1000);
        writer.add(line(1000));
        assertThat(written()).as("no writer running: written by the caller").hasSize(1001)
                .last().asString().contains("path=/api/v1/applications/1000");
    }

    @Test
    void whenTooManyWaitTheCallerWritesItsOwnLine() {
        AccessLogWriter slow = new AccessLogWriter(3_600_000, 2);
        slow.start();
        try {
            slow.add(line(0));
            slow.add(line(1));
            assertThat(written()).isEmpty();
            slow.add(line(2));
            assertThat(written()).as("the third line, by the caller").singleElement().asString()
                    .contains("path=/api/v1/applications/2");
        } finally {
            slow.stop();
        }
        assertThat(written()).as("the waiting ones on stop").hasSize(3);
    }
}
