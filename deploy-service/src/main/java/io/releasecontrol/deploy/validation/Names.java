package io.releasecontrol.deploy.validation;

import java.util.regex.Pattern;

/** The names requests carry, as regular expressions for {@code @Matches} and for checks of path segments. */
public final class Names {

    /** Application and environment names (DESIGN §10). */
    public static final String NAME = "^[a-z0-9][a-z0-9-]{1,62}$";

    private static final Pattern NAME_PATTERN = Pattern.compile(NAME);

    private Names() {
    }

    public static boolean isName(String value) {
        return value != null && NAME_PATTERN.matcher(value).matches();
    }
}
