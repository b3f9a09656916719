package io.releasecontrol.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of one rollback saga, owned by rollback-orchestrator. On the wire: the UUID string. */
public record SagaId(UUID value) {

    public SagaId {
        Objects.requireNonNull(value, "saga id");
    }

    public static SagaId random() {
        return new SagaId(UUID.randomUUID());
    }

    @JsonCreator
    public static SagaId of(String value) {
        return new SagaId(UUID.fromString(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
