package io.releasecontrol.deploy.deployment;

/**
 * Share of traffic between what ran before (stable, or the old colour) and the version being
 * deployed (canary, or the new colour). Always adds up to 100.
 */
public record Traffic(int stablePercent, int newPercent) {

    public static final Traffic ALL_STABLE = new Traffic(100, 0);
    public static final Traffic ALL_NEW = new Traffic(0, 100);

    public Traffic {
        if (stablePercent < 0 || newPercent < 0 || stablePercent + newPercent != 100) {
            throw new IllegalArgumentException("traffic must add up to 100, got " + stablePercent + " + " + newPercent);
        }
    }

    public static Traffic toNew(int newPercent) {
        return new Traffic(100 - newPercent, newPercent);
    }
}
