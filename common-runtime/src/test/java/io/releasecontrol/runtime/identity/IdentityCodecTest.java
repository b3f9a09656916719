package io.releasecontrol.runtime.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityCodecTest {

    private static final String SECRET = "0123456789abcdef-shared";
    private static final Instant T = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(5);

    private static IdentityCodec codecAt(Instant now) {
        return new IdentityCodec(SECRET, MAX_AGE, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A header signed correctly with SECRET over an arbitrary payload, as a buggy gateway could send. */
    private static String signedRaw(String json) throws Exception {
        String payload = b64(json);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] sig = mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        return payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }

    @Test
    void signedHeaderVerifiesToSameIdentity() {
        var codec = codecAt(T);

        var identity = codec.verify(codec.sign("alice", List.of("viewer", "deployer", "viewer")));

        assertThat(identity.subject()).isEqualTo("alice");
        assertThat(identity.roles()).containsExactlyInAnyOrder("deployer", "viewer");
        assertThat(identity.issuedAt()).isEqualTo(T);
    }

    @Test
    void payloadHoldsSubRolesSortedAndIat() {
        String header = codecAt(T).sign("alice", List.of("viewer", "admin"));

        String json = new String(Base64.getUrlDecoder().decode(header.substring(0, header.indexOf('.'))));

        assertThat(json).isEqualTo("{\"sub\":\"alice\",\"roles\":[\"admin\",\"viewer\"],\"iat\":" + T.getEpochSecond() + "}");
    }

    @Test
    void tamperedPayloadIsRejected() {
        String header = codecAt(T).sign("alice", List.of("viewer"));
        String signature = header.substring(header.indexOf('.') + 1);
        // same signature, payload promoting alice to admin
        String forged = b64("{\"sub\":\"alice\",\"roles\":[\"admin\"],\"iat\":" + T.getEpochSecond() + "}") + "." + signature;

        assertThatThrownBy(() -> codecAt(T).verify(forged))
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessage("identity header signature does not verify");
    }

    @Test
    void tamperedSignatureIsRejected() {
        String header = codecAt(T).sign("alice", List.of("viewer"));
        int sigStart = header.indexOf('.') + 1;
        char first = header.charAt(sigStart);
        String tampered = header.substring(0, sigStart) + (first == 'A' ? 'B' : 'A') + header.substring(sigStart + 1);

        assertThatThrownBy(() -> codecAt(T).verify(tampered))
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessage("identity header signature does not verify");
    }

    @Test
    void headerSignedWithAnotherSecretIsRejected() {
        var other = new IdentityCodec("another-secret-0123456", MAX_AGE, Clock.fixed(T, ZoneOffset.UTC));

        assertThatThrownBy(() -> codecAt(T).verify(other.sign("alice", List.of("admin"))))
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessage("identity header signature does not verify");
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(nullValues = "null", textBlock = """
            no-dot-at-all,       identity header is not in the form payload.signature
            .c2lnbmF0dXJl,       identity header is not in the form payload.signature
            cGF5bG9hZA.,         identity header is not in the form payload.signature
            null,                identity header is not in the form payload.signature
            cGF5bG9hZA.!!not-b64, identity header signature is not base64url
            cGF5bG9hZA.a.b,      identity header signature is not base64url
            """)
    void malformedHeaderIsRejectedWithPreciseMessage(String header, String message) {
        assertThatThrownBy(() -> codecAt(T).verify(header))
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessage(message);
    }

    @Test
    void correctlySignedNonJsonPayloadIsRejected() throws Exception {
        assertThatThrownBy(() -> codecAt(T).verify(signedRaw("not json {")))
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessage("identity header payload is not JSON");
    }

    @Test
    void correctlySignedPayloadWithoutSubjectIsRejected() throws Exception {
        String header = signedRaw("{\"roles\":[\"admin\"],\"iat\":" + T.getEpochSecond() + "}");

        assertThatThrownBy(() -> codecAt(T).verify(header)).isInstanceOf(InvalidIdentityException.class);
    }

    @ParameterizedTest(name = "verified {0}s after signing: accepted={1}")
    @CsvSource(textBlock = """
            0,    true
            300,  true
            301,  false
            360,  false
            -60,  true
            -61,  false
            -120, false
            """)
    void headerIsAcceptedOnlyWithinMaxAgeAndOneMinuteClockSkew(long secondsAfterSigning, boolean accepted) {
        // negative: the verifier's clock is behind the signer's, the header looks issued in the future
        String header = codecAt(T).sign("alice", List.of("viewer"));
        var verifier = codecAt(T.plusSeconds(secondsAfterSigning));

        if (accepted) {
            assertThat(verifier.verify(header).subject()).isEqualTo("alice");
        } else {
            assertThatThrownBy(() -> verifier.verify(header))
                    .isInstanceOf(InvalidIdentityException.class)
                    .hasMessage("identity header expired or from the future (issued 2025-03-01T10:00:00Z)");
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", textBlock = """
            null
            ''
            fifteen-chars!!
            """)
    void secretShorterThan16CharactersIsRejected(String secret) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new IdentityCodec(secret, MAX_AGE, Clock.systemUTC()))
                .withMessage("identity secret must have at least 16 characters");
    }

    @Test
    void secretOf16CharactersIsAccepted() {
        var codec = new IdentityCodec("sixteen-chars!!!", MAX_AGE, Clock.fixed(T, ZoneOffset.UTC));

        assertThat(codec.verify(codec.sign("bob", List.of())).roles()).isEqualTo(Set.of());
    }
}
