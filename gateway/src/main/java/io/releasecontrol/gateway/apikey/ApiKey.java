package io.releasecontrol.gateway.apikey;

import java.time.Instant;
import java.util.UUID;

/** A stored API key: everything but the key itself, of which only the SHA-256 is kept. */
public record ApiKey(UUID id, String name, String role, String prefix, String createdBy, Instant createdAt,
                     Instant revokedAt, String revokedBy) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
