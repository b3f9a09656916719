package io.releasecontrol.orchestrator.decision;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * One line of a decision's "why": a type with its numbers, built by {@link RollbackDecider}, and
 * {@link #text()}, its English rendering. The rendering is what leaves the service: the decision
 * stored in {@code sagas.decision} (JSON: a list of strings), the reasons of
 * {@code RollbackSagaStarted} and {@code RollbackApprovalRequired}, the API's
 * {@code decision.reasons}, the webhook and the log. Tests assert the type; each type's text is
 * pinned once ({@code ReasonTextTest}).
 *
 * <p>A decision read back from the database carries its reasons as {@link Text}: the stored
 * sentence is the record of what was decided, and nothing reads the type after the decision.
 */
@JsonDeserialize(as = Reason.Text.class)
public sealed interface Reason permits Reason.Text, TriggerReason, AlertOnlyReason, RollbackReason {

    /** The English sentence, exactly as stored, published and shown. */
    @JsonValue
    String text();

    static List<String> texts(List<? extends Reason> reasons) {
        return reasons.stream().map(Reason::text).toList();
    }

    /**
     * A reason known only by its words: a rollback target's finding (version-service's or the local
     * cache's, {@link io.releasecontrol.orchestrator.target.RollbackTarget#reasons()}), or any reason of a
     * decision read back.
     */
    record Text(String text) implements Reason {

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Text of(String text) {
            return new Text(text);
        }
    }
}
