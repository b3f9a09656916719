package io.releasecontrol.deploy.it;

import static io.releasecontrol.deploy.it.DeployApi.app;
import static io.releasecontrol.deploy.it.DeployApi.awaitStatus;
import static io.releasecontrol.deploy.it.DeployApi.create;
import static io.releasecontrol.deploy.it.DeployApi.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.releasecontrol.runtime.identity.IdentityCodec;
import io.releasecontrol.runtime.testsupport.RcIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The script executor with a real script (src/test/resources/scripts/deploy.sh): output streamed
 * over SSE and resumable, cancel killing the whole process tree, a non-zero exit failing it.
 */
@RcIntegrationTest
@TestPropertySource(locations = "classpath:deploy-it.properties")
class ScriptDeploymentIT {

    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> SSE =
            new ParameterizedTypeReference<>() { };

    @Autowired
    WebTestClient web;

    @BeforeEach
    void slowMachine() {
        web = web.mutate().responseTimeout(Duration.ofSeconds(60)).build();
    }

    private static Map<String, Object> scripted(String app, String version) {
        return new HashMap<>(Map.of("application", app, "environment", "scripted", "version", version,
                "strategy", "rolling", "executor", "script"));
    }

    private List<ServerSentEvent<Map<String, Object>>> follow(String id, String lastEventId) {
        var request = web.get().uri("/api/v1/deployments/{id}/logs", id)
                .header(IdentityCodec.HEADER, DeployApi.viewer())
                .accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        List<ServerSentEvent<Map<String, Object>>> all = request.exchange().expectStatus().isOk().returnResult(SSE)
                .getResponseBody().collectList().block(Duration.ofSeconds(60));
        // the stream opens with a comment so the headers go out before the first line
        assertThat(all.get(0).comment()).isEqualTo("log of deployment " + id);
        return all.stream().filter(e -> e.comment() == null).toList();
    }

    @Test
    void streamsTheScriptsOutputLiveOverSseAndResumesAfterTheLastEventIdWithoutGapsOrDuplicates() {
        String id = create(web, scripted(app("script-sse"), "1.4.0"));

        List<ServerSentEvent<Map<String, Object>>> events = follow(id, null);

        var end = events.get(events.size() - 1);
        assertThat(end.event()).isEqualTo("end");
        assertThat(end.data()).containsEntry("status", "SUCCEEDED");
        var lines = events.subList(0, events.size() - 1);
        assertThat(lines).allSatisfy(e -> assertThat(e.event()).isEqualTo("line"));
        List<Long> ids = lines.stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isEqualTo(java.util.stream.LongStream.rangeClosed(1, ids.size()).boxed().toList());
        List<String> text = lines.stream().map(e -> (String) e.data().get("line")).toList();
        assertThat(text).containsSubsequence("step 1: batch 1/1 (instances 1-2)",
                "line 1 of batch 1/1 (instances 1-2)", "line 2 of batch 1/1 (instances 1-2)",
                "line 3 of batch 1/1 (instances 1-2)", "deployment succeeded");
        assertThat(lines).anySatisfy(e -> assertThat(e.data()).containsEntry("stream", "stderr")
                .containsEntry("line", "warning on stderr"));
        assertThat(text.stream().filter(t -> t.startsWith("step="))).singleElement().asString()
                .contains("env=scripted version=1.4.0 strategy=rolling rollback=0");

        // a client that got up to line 3 reconnects: it gets exactly the rest
        List<ServerSentEvent<Map<String, Object>>> resumed = follow(id, "3");
        List<String> resumedIds = resumed.stream().filter(e -> "line".equals(e.event())).map(ServerSentEvent::id).toList();
        assertThat(resumedIds).isEqualTo(ids.subList(3, ids.size()).stream().map(String::valueOf).toList());

        web.get().uri("/api/v1/deployments/{id}/logs", id).header(IdentityCodec.HEADER, DeployApi.viewer())
                .accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(ids.size())
                .jsonPath("$.status").isEqualTo("SUCCEEDED");
        // a plain GET (curl's Accept: */*) gets the JSON list, not the stream
        web.get().uri("/api/v1/deployments/{id}/logs", id).header(IdentityCodec.HEADER, DeployApi.viewer())
                .accept(MediaType.ALL).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
    }

    @Test
    @SuppressWarnings("unchecked")
    void cancelKillsTheScriptAndEveryProcessItStarted() {
        String id = create(web, scripted(app("script-cancel"), "1.5.0-hang"));
        List<Long> pids = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            pids.clear();
            Map<String, Object> body = web.get().uri("/api/v1/deployments/{id}/logs", id)
                    .header(IdentityCodec.HEADER, DeployApi.viewer())
                    .accept(MediaType.APPLICATION_JSON).exchange().expectBody(Map.class).returnResult().getResponseBody();
            Pattern pid = Pattern.compile("(child|grandchild)-pid (\\d+)");
            for (Map<String, Object> line : (List<Map<String, Object>>) body.get("items")) {
                Matcher m = pid.matcher((String) line.get("line"));
                if (m.matches()) {
                    pids.add(Long.parseLong(m.group(2)));
                }
            }
            return pids.size() == 3;
        });
        assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d before cancel", pid).isTrue());

        post(web, "/api/v1/deployments/" + id + "/cancel", Map.of("reason", "wrong version")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CANCELLED");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(pids).allSatisfy(pid -> assertThat(alive(pid)).as("pid %d after cancel", pid).isFalse()));
        var cancelled = DeployApi.get(web, id);
        assertThat(cancelled).containsEntry("status", "CANCELLED").containsEntry("failureReason", "wrong version");
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void failsWithTheExitCodeAndTheLastLinesWhenTheScriptExitsNonZero() {
        String id = create(web, scripted(app("script-fail"), "1.6.0-fail"));
        var failed = awaitStatus(web, id, "FAILED");
        assertThat(failed).containsEntry("exitCode", 3).containsEntry("currentStep", "batch 1/1 (instances 1-2)");
        assertThat((String) failed.get("failureReason")).startsWith("script exited with code 3; last lines:")
                .contains("migrating schema", "cannot connect to db");
    }

    @Test
    void tellsTheScriptItRunsARollbackAndOfWhat() {
        String app = app("script-rollback");
        String first = create(web, scripted(app, "1.0.0"));
        awaitStatus(web, first, "SUCCEEDED");
        var rollback = scripted(app, "0.9.0");
        rollback.put("rollbackOf", first);
        String id = create(web, rollback);
        awaitStatus(web, id, "SUCCEEDED");
        web.get().uri("/api/v1/deployments/{id}/logs", id).header(IdentityCodec.HEADER, DeployApi.viewer())
                .accept(MediaType.APPLICATION_JSON).exchange()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("version=0.9.0 strategy=rolling rollback=1 rollbackOf=" + first));
    }
}
