package io.releasecontrol.gateway.apikey;

import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The {@code api_key} table in schema {@code gateway}. */
@Repository
class ApiKeyRepository {

    private static final String COLUMNS = "id, name, role, key_prefix, created_by, created_at, revoked_at, revoked_by";

    private final DatabaseClient db;

    ApiKeyRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<ApiKey> insert(ApiKey key, String hash) {
        return db.sql("INSERT INTO api_key (id, name, role, key_hash, key_prefix, created_by, created_at) "
                        + "VALUES (:id, :name, :role, :hash, :prefix, :createdBy, :createdAt)")
                .bind("id", key.id()).bind("name", key.name()).bind("role", key.role()).bind("hash", hash)
                .bind("prefix", key.prefix()).bind("createdBy", key.createdBy())
                .bind("createdAt", key.createdAt().atOffset(ZoneOffset.UTC))
                .then().thenReturn(key);
    }

    Mono<ApiKey> findLiveByHash(String hash) {
        return db.sql("SELECT " + COLUMNS + " FROM api_key WHERE key_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash).map(ApiKeyRepository::read).one();
    }

    Flux<ApiKey> page(boolean includeRevoked, int page, int size) {
        return db.sql("SELECT " + COLUMNS + " FROM api_key " + where(includeRevoked)
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .bind("limit", size).bind("offset", (long) page * size).map(ApiKeyRepository::read).all();
    }

    Mono<Long> count(boolean includeRevoked) {
        return db.sql("SELECT count(*) AS n FROM api_key " + where(includeRevoked))
                .map(row -> row.get("n", Long.class)).one();
    }

    /** @return the revoked key, empty when no live key has that id */
    Mono<ApiKey> revoke(UUID id, String by, Instant at) {
        return db.sql("UPDATE api_key SET revoked_at = :at, revoked_by = :by WHERE id = :id AND revoked_at IS NULL "
                        + "RETURNING " + COLUMNS)
                .bind("at", at.atOffset(ZoneOffset.UTC)).bind("by", by).bind("id", id)
                .map(ApiKeyRepository::read).one();
    }

    Mono<ApiKey> findById(UUID id) {
        return db.sql("SELECT " + COLUMNS + " FROM api_key WHERE id = :id").bind("id", id).map(ApiKeyRepository::read).one();
    }

    private static String where(boolean includeRevoked) {
        return includeRevoked ? "" : "WHERE revoked_at IS NULL";
    }

    private static ApiKey read(Readable row) {
        OffsetDateTime revoked = row.get("revoked_at", OffsetDateTime.class);
        return new ApiKey(row.get("id", UUID.class), row.get("name", String.class), row.get("role", String.class),
                row.get("key_prefix", String.class), row.get("created_by", String.class),
                row.get("created_at", OffsetDateTime.class).toInstant(),
                revoked == null ? null : revoked.toInstant(), row.get("revoked_by", String.class));
    }
}
