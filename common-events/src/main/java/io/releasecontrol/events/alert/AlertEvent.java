package io.releasecontrol.events.alert;

import io.releasecontrol.events.RcEvent;

/**
 * Health verdicts and incident reports, on {@code rc.alerts}. A breach's {@code action} is
 * {@code rollback} or {@code alert}, or {@code dry-run} for a rule in dry-run mode: evaluated and
 * published like any other, never acted on ({@code evidence.dryRunAction} says what it would have asked
 * for; a recovery carrying it closes such a breach). {@code evidence.policy} names the analysis policy
 * the rule came from ({@code global}, {@code application shop}, {@code application shop, environment production}).
 */
public sealed interface AlertEvent extends RcEvent
        permits BreachEvent, MetricsRecovered, DataCorruptionReported {

    String version();
}
