package io.releasecontrol.metrics.ingest;

import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.util.List;

/**
 * The answer to a batch: how many samples were taken (durably on {@code rc.metric-samples}, to be
 * evaluated there) and which items were rejected and why. What the evaluation made of them (late,
 * duplicates, breaches) is not known yet when this is answered: it is on {@code rc.alerts} and in
 * the service's metrics.
 */
public record IngestReport(int accepted, List<Rejection> rejected) {

    public record Rejection(int index, List<FieldError> errors) {
    }
}
