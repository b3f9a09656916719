package io.releasecontrol.deploy.hooks;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a GitHub-style push means here: the ref pushed, its commit, and the environment and version
 * it deploys (a tag {@code v1.2.3} is version {@code 1.2.3}; a branch is {@code branch@commit}).
 */
record GitPush(String ref, String commit, String repository, String pusher, boolean deleted) {

    static final String BRANCH = "refs/heads/";
    static final String TAG = "refs/tags/";

    /** Where the push deploys, or empty when its ref is mapped to no environment. */
    public Optional<Target> target(HookProperties hooks) {
        if (ref == null) {
            return Optional.empty();
        }
        if (ref.startsWith(TAG)) {
            String tag = ref.substring(TAG.length());
            return match(hooks.tags(), tag).map(env -> new Target(env,
                    tag.matches("v[0-9].*") ? tag.substring(1) : tag, null, commit));
        }
        if (ref.startsWith(BRANCH)) {
            String branch = ref.substring(BRANCH.length());
            return match(hooks.branches(), branch).map(env -> new Target(env, null, branch, commit));
        }
        return Optional.empty();
    }

    private static Optional<String> match(Map<String, String> globs, String name) {
        return globs.entrySet().stream().filter(e -> glob(e.getKey()).matcher(name).matches())
                .map(Map.Entry::getValue).findFirst();
    }

    /** {@code *} matches anything but {@code /}, {@code **} anything. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    /** A deployment a push asks for: a version (tag) or a branch and commit. */
    public record Target(String environment, String version, String branch, String commit) {
    }
}
