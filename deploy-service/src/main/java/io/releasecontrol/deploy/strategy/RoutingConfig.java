package io.releasecontrol.deploy.strategy;

import java.util.List;

/**
 * Which requests a traffic router sends to the canary. A request goes to the canary when any rule
 * picks it: its user hash falls below the canary's weight, its region header names one of
 * {@code regions}, or it carries {@code cookie}. The weight is the deployment's current canary
 * percent, so the rules follow the steps without being rewritten.
 *
 * @param userHashHeader header whose value (a user id) is hashed into 0..99
 * @param regionHeader   header naming the caller's region
 * @param regions        regions always routed to the canary (empty: none)
 * @param cookie         {@code name=value} that forces the canary (e.g. for testers); null: none
 */
public record RoutingConfig(String userHashHeader, String regionHeader, List<String> regions, String cookie) {

    public static final RoutingConfig DEFAULT = new RoutingConfig("X-User-Id", "X-Region", List.of(), null);
    /** The cookie that forces the canary: {@code name=value}. */
    public static final String COOKIE = "[^=;\\s]+=[^;\\s]*";

    public RoutingConfig {
        userHashHeader = userHashHeader == null || userHashHeader.isBlank() ? "X-User-Id" : userHashHeader;
        regionHeader = regionHeader == null || regionHeader.isBlank() ? "X-Region" : regionHeader;
        regions = regions == null ? List.of() : List.copyOf(regions);
        if (cookie != null && !cookie.matches(COOKIE)) {
            throw new IllegalArgumentException("cookie must be name=value, got '" + cookie + "'");
        }
    }

    /** Stable bucket 0..99 for a user: the same user always lands in the same bucket. */
    public static int bucketOf(String userId) {
        return Math.floorMod(userId.hashCode() * 0x9E3779B1, 100);
    }

    /** Whether a request goes to the canary while it has {@code canaryPercent} of the traffic. */
    public boolean routesToCanary(int canaryPercent, String userId, String region, String cookieHeader) {
        if (canaryPercent <= 0) {
            return false;
        }
        if (cookie != null && cookieHeader != null && List.of(cookieHeader.split(";\\s*")).contains(cookie)) {
            return true;
        }
        if (region != null && regions.contains(region)) {
            return true;
        }
        return userId != null && bucketOf(userId) < canaryPercent;
    }
}
