package io.releasecontrol.runtime.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs and verifies the identity header the gateway adds: {@code base64url(json).base64url(hmac)}
 * with HMAC-SHA256 over the first part and a secret shared by the gateway and the services
 * ({@code RC_IDENTITY_SECRET}). The JSON holds {@code sub}, {@code roles} and {@code iat}; a header
 * older than {@code maxAge} is refused, so a captured header is not good for long.
 */
public final class IdentityCodec {

    public static final String HEADER = "X-RC-Identity";
    private static final String ALGORITHM = "HmacSHA256";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Duration maxAge;
    private final Clock clock;

    public IdentityCodec(String secret, Duration maxAge, Clock clock) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("identity secret must have at least 16 characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public String sign(String subject, List<String> roles) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("roles", new TreeSet<>(roles));
        claims.put("iat", clock.instant().getEpochSecond());
        String payload = ENCODER.encodeToString(JSON.writeValueAsBytes(claims));
        return payload + "." + ENCODER.encodeToString(mac(payload));
    }

    public TrustedIdentity verify(String header) {
        int dot = header == null ? -1 : header.indexOf('.');
        if (dot <= 0 || dot == header.length() - 1) {
            throw new InvalidIdentityException("identity header is not in the form payload.signature");
        }
        String payload = header.substring(0, dot);
        byte[] signature;
        try {
            signature = DECODER.decode(header.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidIdentityException("identity header signature is not base64url");
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            throw new InvalidIdentityException("identity header signature does not verify");
        }
        JsonNode claims;
        try {
            claims = JSON.readTree(DECODER.decode(payload));
        } catch (RuntimeException e) {
            throw new InvalidIdentityException("identity header payload is not JSON");
        }
        Instant issuedAt = Instant.ofEpochSecond(claims.path("iat").asLong());
        Instant now = clock.instant();
        if (issuedAt.isBefore(now.minus(maxAge)) || issuedAt.isAfter(now.plus(Duration.ofMinutes(1)))) {
            throw new InvalidIdentityException("identity header expired or from the future (issued " + issuedAt + ")");
        }
        var roles = new TreeSet<String>();
        claims.path("roles").forEach(r -> roles.add(r.asString()));
        try {
            return new TrustedIdentity(claims.path("sub").asString(), roles, issuedAt);
        } catch (IllegalArgumentException e) {
            throw new InvalidIdentityException("identity header payload is invalid: " + e.getMessage());
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
