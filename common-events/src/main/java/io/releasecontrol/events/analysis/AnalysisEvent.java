package io.releasecontrol.events.analysis;

import io.releasecontrol.events.RcEvent;

/**
 * Changes to how versions are analysed (per-application analysis policies), on {@code rc.analysis}:
 * the audit trail of who changed which rules and gate of an application, and when.
 */
public sealed interface AnalysisEvent extends RcEvent permits AnalysisPolicyChanged {
}
