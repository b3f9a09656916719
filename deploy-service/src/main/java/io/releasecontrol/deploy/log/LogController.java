package io.releasecontrol.deploy.log;

import io.releasecontrol.deploy.deployment.DeploymentResources;
import io.releasecontrol.deploy.deployment.DeploymentService;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/deployments/{id}/logs}: all lines so far as JSON, or with
 * {@code Accept: text/event-stream} a live stream (SSE {@code id:} = line sequence, so
 * {@code Last-Event-ID} resumes exactly after the last line received) that ends with an
 * {@code end} event when the deployment ends.
 */
@RestController
@RequestMapping("/api/v1/deployments/{id}/logs")
class LogController {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final DeploymentService deployments;
    private final LogService logs;
    private final LiveLogStream live;

    LogController(DeploymentService deployments, LogService logs, LiveLogStream live) {
        this.deployments = deployments;
        this.logs = logs;
        this.live = live;
    }

    /** All lines so far (after {@code after}, when given). */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, Object>> all(@PathVariable String id, @RequestParam(defaultValue = "0") long after) {
        return Mono.defer(() -> deployments.find(DeploymentResources.id(id)))
                .flatMap(d -> logs.read(d.spec().id(), after, Integer.MAX_VALUE).collectList()
                        .map(lines -> Map.<String, Object>of("deploymentId", id, "status", d.status().name(),
                                "items", lines)));
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> stream(@PathVariable String id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) Long after) {
        long from = lastEventId != null && lastEventId.matches("\\d+") ? Long.parseLong(lastEventId)
                : after == null ? 0 : after;
        return Mono.defer(() -> deployments.find(DeploymentResources.id(id)))
                .flatMapMany(d -> {
                    Flux<ServerSentEvent<Object>> events = live.follow(d.spec().id(), from)
                            .map(item -> item instanceof LogEntry line
                                    ? ServerSentEvent.<Object>builder(line).id(Long.toString(line.sequence())).event("line").build()
                                    : ServerSentEvent.<Object>builder(item).event("end").build());
                    // The opening comment sends the headers at once, and heartbeats keep a quiet stream (a deployment
                    // waiting for approval or its start time) from looking dead to the gateway and proxies.
                    return Flux.concat(Mono.just(comment("log of deployment " + id)),
                            events.publish(shared -> Flux.merge(shared,
                                    Flux.interval(HEARTBEAT, HEARTBEAT).map(i -> comment("heartbeat"))
                                            .takeUntilOther(shared.ignoreElements()))));
                });
    }

    private static ServerSentEvent<Object> comment(String text) {
        return ServerSentEvent.<Object>builder().comment(text).build();
    }

}
