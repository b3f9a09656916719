package io.releasecontrol.deploy.validation;

import java.util.regex.Pattern;

/** The names and versions requests carry: expressions for {@code @Matches}, tests for checks written by hand. */
public final class Names {

    /** Application and environment names (DESIGN §10). */
    public static final String NAME = "^[a-z0-9][a-z0-9-]{1,62}$";
    /** What a deployment deploys: a version, a tag or {@code branch@commit}. */
    public static final String VERSION = "^[A-Za-z0-9][A-Za-z0-9._+\\-/@]{0,127}$";

    private static final Pattern NAME_PATTERN = Pattern.compile(NAME);
    private static final Pattern VERSION_PATTERN = Pattern.compile(VERSION);

    private Names() {
    }

    public static boolean isName(String value) {
        return value != null && NAME_PATTERN.matcher(value).matches();
    }

    public static boolean isVersion(String value) {
        return value != null && VERSION_PATTERN.matcher(value).matches();
    }
}
