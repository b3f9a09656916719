package io.releasecontrol.metrics.ingest;

import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.util.List;

/**
 * The answer to a batch: how many samples were evaluated, dropped as late (beyond the allowed
 * lateness) or as duplicates, which items were rejected and why, and the transitions they caused.
 */
public record IngestReport(int accepted, int late, int duplicates, List<Rejection> rejected, int breaches,
        int recoveries) {

    public record Rejection(int index, List<FieldError> errors) {
    }
}
