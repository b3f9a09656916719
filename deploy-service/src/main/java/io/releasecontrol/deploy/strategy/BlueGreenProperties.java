package io.releasecontrol.deploy.strategy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Blue-green settings ({@code rc.deploy.blue-green.*}).
 *
 * @param keepOldColour how long after a blue-green deployment succeeded its old colour is kept warm:
 *                      within it, a {@code ShiftTraffic} to 0 % on that deployment switches all traffic
 *                      back (the fast rollback, the rollback-orchestrator's switch-back, whose
 *                      {@code rc.orchestrator.switch-back-window} must not be longer); later it is refused
 *                      (409) and a rollback is a new deployment
 */
@ConfigurationProperties("rc.deploy.blue-green")
public record BlueGreenProperties(@DefaultValue("PT1H") Duration keepOldColour) {
}
