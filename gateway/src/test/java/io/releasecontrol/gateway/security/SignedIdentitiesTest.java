package io.releasecontrol.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.identity.IdentityCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedIdentitiesTest {

    private Instant now = Instant.parse("2026-11-23T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final IdentityCodec codec = new IdentityCodec("secret-for-this-unit-test-only", Duration.ofMinutes(5), clock);
    private final SignedIdentities identities = new SignedIdentities(codec, Duration.ofSeconds(30), clock);

    @Test
    void reusesAHeaderBrieflyThenSignsAFreshOne() {
        String first = identities.header("bot", List.of("viewer"));
        now = now.plusSeconds(20);
        // within the reuse time: the same header, still well inside the services' 5 minutes
        assertThat(identities.header("bot", List.of("viewer"))).isEqualTo(first);
        assertThat(codec.verify(first).subject()).isEqualTo("bot");
        now = now.plusSeconds(11);
        String second = identities.header("bot", List.of("viewer"));
        assertThat(second).isNotEqualTo(first);
        assertThat(codec.verify(second).issuedAt()).isEqualTo(now);
    }

    @Test
    void separateHeadersPerCallerAndRoles() {
        String viewer = identities.header("bot", List.of("viewer"));
        assertThat(codec.verify(identities.header("bot", List.of("admin"))).roles()).containsExactly("admin");
        assertThat(codec.verify(identities.header("other", List.of("viewer"))).subject()).isEqualTo("other");
        assertThat(codec.verify(viewer).roles()).containsExactly("viewer");
    }
}
