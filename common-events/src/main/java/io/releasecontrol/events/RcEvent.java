package io.releasecontrol.events;

/**
 * Everything that travels on a Release Control topic: past-tense events and imperative commands.
 * Every message concerns one target (application in an environment); the target is the record
 * key, so all messages about one target stay ordered on one partition.
 */
public interface RcEvent {

    String application();

    String environment();

    /** The Kafka record key and the CloudEvents {@code subject}: {@code application:environment}. */
    default String key() {
        return TargetKey.of(application(), environment());
    }

    /** The CloudEvents {@code type} declared on the record class. */
    default String type() {
        return EventTypes.typeOf(getClass());
    }
}
