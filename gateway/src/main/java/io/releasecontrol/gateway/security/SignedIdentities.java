package io.releasecontrol.gateway.security;

import io.releasecontrol.runtime.identity.IdentityCodec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed identity headers, reused for a short while per caller and roles: a busy bot costs one
 * HMAC every {@code reuse} instead of one per request. The reuse time is far below the services'
 * 5-minute acceptance window, so a reused header is always still valid when it arrives.
 */
class SignedIdentities {

    private static final int MAX_CACHED = 10_000;

    private final IdentityCodec codec;
    private final Duration reuse;
    private final Clock clock;
    private final Map<String, Signed> cache = new ConcurrentHashMap<>();

    SignedIdentities(IdentityCodec codec, Duration reuse, Clock clock) {
        this.codec = codec;
        this.reuse = reuse;
        this.clock = clock;
    }

    String header(String subject, List<String> roles) {
        String key = subject + "\u0000" + String.join(",", roles);
        Instant now = clock.instant();
        Signed signed = cache.get(key);
        if (signed == null || signed.at.plus(reuse).isBefore(now)) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            signed = new Signed(codec.sign(subject, roles), now);
            cache.put(key, signed);
        }
        return signed.header;
    }

    private record Signed(String header, Instant at) {
    }
}
