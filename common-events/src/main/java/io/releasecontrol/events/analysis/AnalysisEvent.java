package io.releasecontrol.events.analysis;

import io.releasecontrol.events.RcEvent;

/**
 * Changes to how versions are analysed (per-application analysis policies and the global rules), on
 * {@code rc.analysis}: the audit trail of who changed which rules and gate, and when; every
 * metrics-service instance applies a change when it reads it.
 */
public sealed interface AnalysisEvent extends RcEvent permits AnalysisPolicyChanged, MetricRuleChanged {
}
