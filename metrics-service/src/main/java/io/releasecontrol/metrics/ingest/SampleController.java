package io.releasecontrol.metrics.ingest;

import io.releasecontrol.metrics.config.MetricsProperties;
import io.releasecontrol.metrics.web.Roles;
import io.releasecontrol.runtime.identity.TrustedIdentity;
import io.releasecontrol.runtime.problem.ProblemException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import io.releasecontrol.runtime.problem.ProblemType;
import io.releasecontrol.events.metric.MetricSampleRecorded;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/v1/metrics/samples} (deployer): a batch is validated item by item; invalid items
 * are rejected with their reasons and the valid ones go to {@code rc.metric-samples} ({@link
 * SamplePublisher}): the 202 means they are durably on the topic, to be evaluated and stored by the
 * instance that owns their target's partition. A batch with no valid item is a 400 and nothing is sent.
 */
@RestController
class SampleController {

    private final IngestService ingest;
    private final SamplePublisher publisher;
    private final SampleChecks checks;
    private final MetricsProperties properties;

    SampleController(IngestService ingest, SamplePublisher publisher, MetricsProperties properties,
            Validator validator) {
        this.ingest = ingest;
        this.publisher = publisher;
        this.properties = properties;
        this.checks = new SampleChecks(validator, properties.maxFutureSkew());
    }

    @PostMapping("/api/v1/metrics/samples")
    Mono<ResponseEntity<IngestReport>> ingest(@RequestBody List<SampleRequest> body, ServerWebExchange exchange) {
        Roles.require(exchange, TrustedIdentity.DEPLOYER);
        if (body.isEmpty()) {
            throw ProblemException.invalid("samples", "the batch is empty");
        }
        if (body.size() > properties.maxBatch()) {
            throw ProblemException.invalid("samples", "a batch holds at most " + properties.maxBatch() + " samples");
        }
        List<IngestReport.Rejection> rejections = new ArrayList<>();
        List<MetricSampleRecorded> valid = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            SampleRequest item = body.get(i);
            List<FieldError> errors = item == null ? List.of(new FieldError("sample", "is null"))
                    : checks.errors(item);
            if (errors.isEmpty()) {
                valid.add(item.toSample());
            } else {
                rejections.add(new IngestReport.Rejection(i, errors));
            }
        }
        ingest.rejected(rejections.size());
        if (valid.isEmpty()) {
            List<FieldError> all = new ArrayList<>();
            rejections.forEach(r -> r.errors().forEach(e -> all.add(new FieldError("[" + r.index() + "]." + e.field(),
                    e.message()))));
            throw new ProblemException(ProblemType.VALIDATION, "no sample of the batch is valid; nothing was stored",
                    Map.of("errors", all));
        }
        return publisher.publish(valid).then(Mono.fromSupplier(() -> ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new IngestReport(valid.size(), rejections))));
    }
}
