package io.releasecontrol.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.UUID;

/** Identity of one deployment, owned by deploy-service. On the wire: the UUID string. */
public record DeploymentId(UUID value) {

    public DeploymentId {
        Objects.requireNonNull(value, "deployment id");
    }

    public static DeploymentId random() {
        return new DeploymentId(UUID.randomUUID());
    }

    @JsonCreator
    public static DeploymentId of(String value) {
        return new DeploymentId(UUID.fromString(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
