package io.releasecontrol.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.releasecontrol.gateway.GatewayITSupport;
import io.releasecontrol.gateway.apikey.ApiKeyService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The gateway runs with limited (not automatic) Reactor context propagation on its hot path; the
 * trace must still continue in the service, come back on the response, and be in the access line.
 */
class TraceAndAccessLogIT extends GatewayITSupport {

    @Autowired
    ApiKeyService apiKeys;

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger access = (Logger) LoggerFactory.getLogger("io.releasecontrol.gateway.access");

    @BeforeEach
    void captureAccessLines() {
        lines.start();
        access.addAppender(lines);
    }

    /** A copy of the captured lines (the appender appends under its own lock, on the writer's thread). */
    private List<ILoggingEvent> written() {
        synchronized (lines) {
            return new ArrayList<>(lines.list);
        }
    }

    @AfterEach
    void release() {
        access.detachAppender(lines);
    }

    @Test
    void theServiceContinuesTheGatewaysTraceAndTheAccessLineNamesIt() {
        String key = apiKeys.create("trace-" + UUID.randomUUID().toString().substring(0, 8), "viewer", "trace test")
                .block(Duration.ofSeconds(30)).key();
        var result = web.get().uri("/api/v1/applications").header("X-API-Key", key).header("X-Correlation-Id", "trace-1")
                .exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult();
        String returned = result.getResponseHeaders().getFirst("traceparent");
        String received = (String) result.getResponseBody().get("traceparent");
        assertThat(returned).as("the gateway's traceparent on the response").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(received).as("the traceparent the service received").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        String traceId = returned.split("-")[1];
        assertThat(received.split("-")[1]).as("one trace across the gateway and the service").isEqualTo(traceId);
        assertThat(received.split("-")[2]).as("the service's parent is the gateway's client span, not its server span")
                .isNotEqualTo(returned.split("-")[2]);

        // the line is taken when the response commits and written within AccessLogWriter's interval
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(written())
                .map(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line)
                        .contains("route=version-service", "method=GET", "path=/api/v1/applications", "status=200",
                                "correlationId=trace-1", "traceId=" + traceId)));
    }
}
