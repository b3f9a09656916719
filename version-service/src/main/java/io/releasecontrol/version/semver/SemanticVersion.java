package io.releasecontrol.version.semver;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict Semantic Versioning 2.0.0 version. Parsing follows the grammar of semver.org (no
 * leading {@code v}, no leading zeros in numeric identifiers, no empty identifiers); ordering
 * follows its precedence rules: numeric major.minor.patch, a pre-release ranks below its release,
 * numeric identifiers compare numerically and below alphanumeric ones, a longer identifier list
 * wins a tie, and build metadata is ignored.
 */
public record SemanticVersion(BigInteger major, BigInteger minor, BigInteger patch, List<String> preRelease,
        List<String> build) implements Comparable<SemanticVersion> {

    // semver.org's recommended regular expression, named groups dropped
    private static final Pattern SEMVER = Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");
    private static final Pattern NUMERIC = Pattern.compile("\\d+");
    /** Longest version string we accept; stops a megabyte "version" at the door. */
    public static final int MAX_LENGTH = 128;

    public SemanticVersion {
        preRelease = List.copyOf(preRelease);
        build = List.copyOf(build);
    }

    /** @throws InvalidVersionException with what exactly is wrong */
    public static SemanticVersion parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidVersionException("version is required");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidVersionException("version is longer than " + MAX_LENGTH + " characters");
        }
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            throw new InvalidVersionException("'" + text + "' is not a semantic version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]"
                    + ", no leading zeros, no 'v' prefix)" + hint(text));
        }
        return new SemanticVersion(new BigInteger(m.group(1)), new BigInteger(m.group(2)), new BigInteger(m.group(3)),
                m.group(4) == null ? List.of() : List.of(m.group(4).split("\\.")),
                m.group(5) == null ? List.of() : List.of(m.group(5).split("\\.")));
    }

    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidVersionException e) {
            return false;
        }
    }

    private static String hint(String text) {
        if (text.startsWith("v") || text.startsWith("V")) {
            return ": drop the leading 'v'";
        }
        if (text.matches(".*(^|[.-])0\\d.*")) {
            return ": numeric identifiers must not have leading zeros";
        }
        return "";
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** The version without build metadata: two versions with the same key have the same precedence. */
    public String precedenceKey() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + String.join(".", preRelease));
    }

    @Override
    public int compareTo(SemanticVersion o) {
        int c = major.compareTo(o.major);
        if (c == 0) {
            c = minor.compareTo(o.minor);
        }
        if (c == 0) {
            c = patch.compareTo(o.patch);
        }
        if (c != 0) {
            return c;
        }
        // a release ranks above any of its pre-releases
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            c = compareIdentifier(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = NUMERIC.matcher(a).matches();
        boolean bn = NUMERIC.matcher(b).matches();
        if (an && bn) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (an != bn) {
            return an ? -1 : 1; // numeric identifiers have lower precedence than alphanumeric ones
        }
        return a.compareTo(b); // ASCII order
    }

    /** Equal precedence (build metadata ignored), unlike {@link #equals}. */
    public boolean samePrecedence(SemanticVersion o) {
        return compareTo(o) == 0;
    }

    @Override
    public String toString() {
        return precedenceKey() + (build.isEmpty() ? "" : "+" + String.join(".", build));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SemanticVersion v && toString().equals(v.toString());
    }

    @Override
    public int hashCode() {
        return Objects.hash(toString());
    }
}
