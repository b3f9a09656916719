package io.releasecontrol.version.environment;

/**
 * Body of {@code PUT .../environments/{env}/current}.
 *
 * @param force set a version that was never deployed to this environment (otherwise 422)
 */
public record SetCurrentRequest(String version, String reason, Boolean force) {
}
