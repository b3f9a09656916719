package io.releasecontrol.deploy.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitPushTest {

    private static final HookProperties HOOKS = new HookProperties(Map.of(),
            Map.of("develop", "development", "release/*", "staging"), Map.of("v*", "staging"), null, null);

    private static GitPush push(String ref) {
        return new GitPush(ref, "abc123", "shop", "carol", false);
    }

    @Test
    void mapsTagsAndBranchesToEnvironmentsAndVersions() {
        assertThat(push("refs/tags/v1.2.3").target(HOOKS))
                .contains(new GitPush.Target("staging", "1.2.3", null, "abc123"));
        assertThat(push("refs/heads/develop").target(HOOKS))
                .contains(new GitPush.Target("development", null, "develop", "abc123"));
        assertThat(push("refs/heads/release/2.0").target(HOOKS)).map(GitPush.Target::environment).contains("staging");
        assertThat(push("refs/heads/release/2.0/hotfix").target(HOOKS)).as("* stops at /").isEmpty();
        assertThat(push("refs/heads/main").target(HOOKS)).isEmpty();
        assertThat(push("refs/notes/x").target(HOOKS)).isEmpty();
    }

    @Test
    void signaturesAreTheGithubHmac() {
        byte[] body = "{\"zen\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
        String signature = HookSignature.sign("s3cret", body);
        // HMAC-SHA256("s3cret", body), as `printf '%s' body | openssl dgst -sha256 -hmac s3cret` prints it
        assertThat(signature).isEqualTo("sha256=b18ce78d18646301e6811d72dbafbde385e5ab0f65482fdb261485ca0773c8bc");
        assertThat(HookSignature.valid("s3cret", body, signature)).isTrue();
        assertThat(HookSignature.valid("other", body, signature)).isFalse();
        assertThat(HookSignature.valid("s3cret", "{}".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(HookSignature.valid(null, body, signature)).isFalse();
        assertThat(HookSignature.valid("s3cret", body, signature.replace("sha256=", "sha1="))).isFalse();
    }
}
