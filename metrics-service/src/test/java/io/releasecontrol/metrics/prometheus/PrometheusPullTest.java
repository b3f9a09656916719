package io.releasecontrol.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.sun.net.httpserver.HttpServer;
import io.releasecontrol.events.DeploymentId;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.deployment.DeployStarted;
import io.releasecontrol.events.deployment.DeploySucceeded;
import io.releasecontrol.events.deployment.TrafficShifted;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.deployment.RunningVersions;
import io.releasecontrol.metrics.ingest.SamplePublisher;
import io.releasecontrol.metrics.ownership.OwnedTargets;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.testsupport.ServiceValidator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The pull's templates with {@code {role}}, as for HAProxy's per-server counters: each version reads
 * the server its deployment puts it behind. Against a tiny local HTTP server answering like
 * Prometheus, the stable server with 95 requests and the canary server with 5 (1 of them an error).
 */
class PrometheusPullTest {

    static final String REQUESTS = "sum(rate(haproxy_server_http_responses_total{proxy=\"rc_{application}_"
            + "{environment}\",server=\"{role}\"}[3s]))";
    static final String ERRORS = "sum(rate(haproxy_server_http_responses_total{proxy=\"rc_{application}_"
            + "{environment}\",server=\"{role}\",code=\"5xx\"}[3s]))";
    static final DeploymentId FIRST = DeploymentId.random();
    static final DeploymentId SECOND = DeploymentId.random();

    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<MetricSampleRecorded> published = new CopyOnWriteArrayList<>();
    private final RunningVersions running = new RunningVersions();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            String query = "";
            for (String part : exchange.getRequestURI().getRawQuery().split("&")) {
                if (part.startsWith("query=")) {
                    query = URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8);
                }
            }
            received.add(query);
            boolean canary = query.contains("server=\"canary\"");
            String value = query.contains("5xx") ? (canary ? "1" : "0") : (canary ? "5" : "95");
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                    + "\"value\":[1700000000,\"" + value + "\"]}]}}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        running.apply(new DeploySucceeded(FIRST, "shop", "staging", "1.0.0", null, null, Instant.EPOCH,
                Duration.ZERO, 1L));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRunningCanaryReadsTheCanaryServerAndTheStableVersionTheStableOne() {
        running.apply(new DeployStarted(SECOND, "shop", "staging", "1.1.0", "1.0.0", Strategy.CANARY, Instant.EPOCH,
                2L));

        StepVerifier.create(pull(Map.of("requests", REQUESTS, "errors", ERRORS)).pullOnce(now())).expectNext(2)
                .verifyComplete();

        assertThat(received).containsExactlyInAnyOrder(haproxy("stable", ""), haproxy("stable", ",code=\"5xx\""),
                haproxy("canary", ""), haproxy("canary", ",code=\"5xx\""));
        assertThat(published).extracting(MetricSampleRecorded::version, MetricSampleRecorded::requests,
                MetricSampleRecorded::errors).containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("1.0.0",
                95L, 0L), org.assertj.core.groups.Tuple.tuple("1.1.0", 5L, 1L));
    }

    @Test
    void aRollingDeploymentsVersionsBothReadTheStableServer() {
        running.apply(new DeployStarted(SECOND, "shop", "staging", "1.1.0", "1.0.0", Strategy.ROLLING, Instant.EPOCH,
                2L));

        StepVerifier.create(pull(Map.of("requests", REQUESTS)).pullOnce(now())).expectNext(2).verifyComplete();

        assertThat(received).containsExactly(haproxy("stable", ""), haproxy("stable", ""));
    }

    @Test
    void aSucceededCanaryReadsTheStableServer() {
        running.apply(new DeployStarted(SECOND, "shop", "staging", "1.1.0", "1.0.0", Strategy.CANARY, Instant.EPOCH,
                2L));
        running.apply(new DeploySucceeded(SECOND, "shop", "staging", "1.1.0", "1.0.0", null, Instant.EPOCH,
                Duration.ZERO, 2L));

        StepVerifier.create(pull(Map.of("requests", REQUESTS)).pullOnce(now())).expectNext(1).verifyComplete();

        assertThat(received).containsExactly(haproxy("stable", ""));
        assertThat(published).extracting(MetricSampleRecorded::version, MetricSampleRecorded::requests)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1.1.0", 95L));
    }

    @Test
    void aVersionWhoseRoleIsNotKnownIsLeftOutOnlyWhereATemplateNeedsIt() {
        // the start was missed: the shift names the versions, not the strategy
        running.apply(new TrafficShifted(SECOND, "shop", "staging", "1.0.0", "1.1.0", 50, 50, "canary 50%", 2L));

        assertThat(pull(Map.of("requests", REQUESTS, "errors", ERRORS)).plan())
                .extracting(PrometheusSource.SampleQueries::version).containsExactly("1.0.0");
        // templates without {role} do not need it
        assertThat(pull(Map.of("requests", "sum(up{version=\"{version}\"})")).plan())
                .extracting(PrometheusSource.SampleQueries::version).containsExactly("1.0.0", "1.1.0");
    }

    /** The template as Prometheus receives it for target shop:staging and the server {@code role}. */
    private static String haproxy(String role, String code) {
        return "sum(rate(haproxy_server_http_responses_total{proxy=\"rc_shop_staging\",server=\"" + role + "\""
                + code + "}[3s]))";
    }

    /** A pull of these templates for shop:staging only; not scheduled, the test pulls. */
    private PrometheusPull pull(Map<String, String> templates) {
        List<FieldError> problems = new ArrayList<>();
        PrometheusQueries queries = PrometheusQueries.parse(templates, "prometheus", problems);
        assertThat(problems).isEmpty();
        SamplePublisher publisher = mock(SamplePublisher.class);
        when(publisher.publish(any())).thenAnswer(call -> {
            published.addAll(call.getArgument(0));
            return Mono.empty();
        });
        var properties = new PrometheusProperties(true, "http://127.0.0.1:" + server.getAddress().getPort(),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 100, List.of());
        return new PrometheusPull(properties, publisher, MetricsProperties.defaults(), running,
                (app, env) -> "shop".equals(app) ? queries : null, OwnedTargets.ALL, ServiceValidator.get());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
}
