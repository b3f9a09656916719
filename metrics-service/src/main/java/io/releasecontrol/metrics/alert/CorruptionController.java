package io.releasecontrol.metrics.alert;

import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.alert.AlertEvent;
import io.releasecontrol.events.alert.DataCorruptionReported;
import io.releasecontrol.metrics.web.Roles;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.problem.ProblemType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Data corruption reports (admin), from a person ({@code POST /api/v1/metrics/corruption-reports})
 * or an external alerting system in Alertmanager's webhook format
 * ({@code POST /api/v1/metrics/webhooks/alertmanager}: firing alerts labelled
 * {@code rc_kind=data-corruption} with {@code application}, {@code environment}, {@code version}).
 * Each becomes a {@code DataCorruptionReported} on {@code rc.alerts}; the answer comes after the
 * broker's ack.
 */
@RestController
class CorruptionController {

    private static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9-]{0,62}$");
    private static final Pattern TOKEN = Pattern.compile("^[^\\s:]{1,128}$");

    private final AlertPublisher publisher;

    CorruptionController(AlertPublisher publisher) {
        this.publisher = publisher;
    }

    record CorruptionReport(String application, String environment, String version, String description) {
    }

    record Reported(List<String> eventIds) {
    }

    @PostMapping("/api/v1/metrics/corruption-reports")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Reported> report(@RequestBody CorruptionReport body, ServerWebExchange exchange) {
        TrustedIdentity who = Roles.require(exchange, TrustedIdentity.ADMIN);
        return publish(List.of(toEvent(body, who.subject(), "")));
    }

    record AlertmanagerPayload(String status, List<Alert> alerts) {
        record Alert(String status, Map<String, String> labels, Map<String, String> annotations, Instant startsAt) {
        }
    }

    @PostMapping("/api/v1/metrics/webhooks/alertmanager")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Reported> webhook(@RequestBody AlertmanagerPayload body, ServerWebExchange exchange) {
        TrustedIdentity who = Roles.require(exchange, TrustedIdentity.ADMIN);
        if (body.alerts() == null) {
            throw ProblemException.invalid("alerts", "is required");
        }
        List<DataCorruptionReported> events = new ArrayList<>();
        for (int i = 0; i < body.alerts().size(); i++) {
            var a = body.alerts().get(i);
            Map<String, String> labels = a.labels() == null ? Map.of() : a.labels();
            if (!"data-corruption".equals(labels.get("rc_kind")) || "resolved".equals(a.status())) {
                continue; // other alerts are not ours to act on
            }
            String description = a.annotations() == null ? null
                    : a.annotations().getOrDefault("description", a.annotations().get("summary"));
            events.add(toEvent(new CorruptionReport(labels.get("application"), labels.get("environment"),
                    labels.get("version"), description == null ? labels.get("alertname") : description),
                    who.subject() + " via alertmanager", "alerts[" + i + "].labels."));
        }
        return publish(events);
    }

    private Mono<Reported> publish(List<DataCorruptionReported> events) {
        List<EventEnvelope<AlertEvent>> envelopes = events.stream()
                .map(e -> (EventEnvelope<AlertEvent>) EventEnvelope.<AlertEvent>of(AlertEvents.SOURCE, e)).toList();
        return Mono.fromFuture(() -> publisher.send(envelopes))
                .thenReturn(new Reported(envelopes.stream().map(EventEnvelope::id).toList()));
    }

    private static DataCorruptionReported toEvent(CorruptionReport r, String reportedBy, String prefix) {
        List<FieldError> errors = new ArrayList<>();
        check(errors, prefix + "application", r.application(), NAME);
        check(errors, prefix + "environment", r.environment(), NAME);
        check(errors, prefix + "version", r.version(), TOKEN);
        if (prefix.isEmpty() && (r.description() == null || r.description().isBlank())) {
            errors.add(new FieldError("description", "is required"));
        } else if (r.description() != null && r.description().length() > 2000) {
            errors.add(new FieldError(prefix.isEmpty() ? "description" : prefix + "description", "is longer than 2000 characters"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.size() + " invalid field(s): " + String.join("; ",
                    errors.stream().map(e -> e.field() + " " + e.message()).toList()), Map.of("errors", errors));
        }
        return new DataCorruptionReported(r.application(), r.environment(), r.version(), reportedBy, r.description(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static void check(List<FieldError> errors, String field, String value, Pattern pattern) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, "must match " + pattern.pattern()));
        }
    }
}
