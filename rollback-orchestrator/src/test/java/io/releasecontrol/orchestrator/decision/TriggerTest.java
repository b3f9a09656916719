package io.releasecontrol.orchestrator.decision;

import static io.releasecontrol.orchestrator.decision.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.releasecontrol.events.alert.DataCorruptionReported;
import io.releasecontrol.events.alert.ErrorRateBreached;
import io.releasecontrol.events.alert.Evidence;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The trigger's factories and builder: which field each input lands in. */
class TriggerTest {

    @Test
    void aBreachCarriesItsEvidenceAndIsRequestedByItsRule() {
        var evidence = new Evidence("error-rate", "errorRate", 0.12, 0.05, Duration.ofMinutes(5), 6,
                "ratio(errors/requests)", 40.0, NOW, NOW, null, null);
        Trigger t = Trigger.breach(new ErrorRateBreached("shop", "production", "2.4.0", "rollback", "critical",
                evidence, NOW));
        // the same trigger, field by field, as the object mother builds it (traffic aside)
        assertThat(t).isEqualTo(Fixtures.breach(40.0));
    }

    @Test
    void aBreachWithoutEvidenceIsRequestedByMetricsService() {
        Trigger t = Trigger.breach(new ErrorRateBreached("shop", "production", "2.4.0", "rollback", "critical", null,
                NOW));
        assertThat(t.requestedBy()).isEqualTo("metrics-service");
        // no numbers to copy: every evidence field stays null
        assertThat(t).isEqualTo(Trigger.builder(Trigger.BREACH).application("shop").environment("production")
                .version("2.4.0").action("rollback").requestedBy("metrics-service").at(NOW).build());
    }

    @Test
    void aCorruptionReportNamesTheReporterAndTheDescription() {
        Trigger t = Trigger.corruption(new DataCorruptionReported("shop", "production", "2.4.0", "dba-on-call",
                "orders lost totals", NOW));
        assertThat(t).extracting(Trigger::cause, Trigger::version, Trigger::requestedBy, Trigger::description,
                Trigger::at).containsExactly(Trigger.CORRUPTION, "2.4.0", "dba-on-call", "orders lost totals", NOW);
        assertThat(t).hasAllNullFieldsOrPropertiesExcept("cause", "application", "environment", "version",
                "requestedBy", "description", "at");
    }

    @Test
    void aManualRollbackAsksForItsTargetVersionNotAboutOne() {
        Trigger t = Trigger.manual("shop", "production", "2.3.1", "bob", "bad release", NOW);
        // the version asked for is requestedVersion; version (the breaching one) stays null
        assertThat(t.version()).isNull();
        assertThat(t).extracting(Trigger::cause, Trigger::requestedVersion, Trigger::requestedBy,
                Trigger::description, Trigger::at).containsExactly(Trigger.MANUAL, "2.3.1", "bob", "bad release", NOW);
        assertThat(t).hasAllNullFieldsOrPropertiesExcept("cause", "application", "environment", "requestedVersion",
                "requestedBy", "description", "at");
    }

    @Test
    void aTriggerWithoutCauseIsRefused() {
        // the decision switches on the cause
        assertThatThrownBy(() -> Trigger.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("cause");
    }

    @Test
    void toBuilderKeepsEveryFieldInItsPlace() {
        // every field set and told apart, so a swap in the builder shows
        Trigger t = new Trigger("breach", "shop", "production", "2.4.0", "rollback", "error-rate", "errorRate", 0.12,
                0.05, Duration.ofMinutes(5), 6, "ratio", 40.0, "2.3.1", "rule error-rate", "why", NOW, "alert");
        assertThat(t.toBuilder().build()).isEqualTo(t);
        assertThat(t.toBuilder().observed(0.5).build()).isEqualTo(new Trigger("breach", "shop", "production", "2.4.0",
                "rollback", "error-rate", "errorRate", 0.5, 0.05, Duration.ofMinutes(5), 6, "ratio", 40.0, "2.3.1",
                "rule error-rate", "why", NOW, "alert"));
    }
}
