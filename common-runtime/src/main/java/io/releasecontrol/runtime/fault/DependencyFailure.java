package io.releasecontrol.runtime.fault;

import java.util.Map;
import java.util.Optional;

/**
 * A failure of something a service depends on — PostgreSQL, MongoDB, the Kafka broker, another
 * service — told apart from a failure caused by the input. The first passes when the dependency is
 * back: a Kafka record is retried until it does (never dead-lettered), a request is answered 503.
 * The second is the caller's or the code's: dead-lettered, or answered 4xx/500.
 *
 * <p>Matched by class name over the cause chain and each cause's superclasses, so a service without
 * MongoDB's driver (or R2DBC, or WebClient) on its classpath still loads this.
 *
 * @param dependency what is down, for a log line or a problem's detail ("the database")
 * @param cause      the failure that says so
 */
public record DependencyFailure(String dependency, Throwable cause) {

    private static final Map<String, String> KINDS = Map.ofEntries(
            Map.entry("io.r2dbc.spi.R2dbcTransientException", "the database"),
            Map.entry("io.r2dbc.spi.R2dbcNonTransientResourceException", "the database"),
            Map.entry("org.springframework.dao.TransientDataAccessException", "the database"),
            Map.entry("org.springframework.dao.DataAccessResourceFailureException", "the database"),
            Map.entry("org.springframework.dao.RecoverableDataAccessException", "the database"),
            Map.entry("com.mongodb.MongoSocketException", "MongoDB"),
            Map.entry("com.mongodb.MongoTimeoutException", "MongoDB"),
            Map.entry("org.apache.kafka.common.errors.RetriableException", "the Kafka broker"),
            Map.entry("org.springframework.web.reactive.function.client.WebClientRequestException", "another service"),
            Map.entry("io.github.resilience4j.circuitbreaker.CallNotPermittedException", "another service"),
            Map.entry("java.net.ConnectException", "a connection"),
            Map.entry("java.nio.channels.ClosedChannelException", "a connection"),
            Map.entry("java.util.concurrent.TimeoutException", "a dependency that timed out"));

    /** The dependency failure somewhere in {@code e}'s cause chain, outermost first. */
    public static Optional<DependencyFailure> in(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 32; t = t.getCause() == t ? null : t.getCause(), depth++) {
            for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                String kind = KINDS.get(c.getName());
                if (kind != null) {
                    return Optional.of(new DependencyFailure(kind, t));
                }
            }
        }
        return Optional.empty();
    }

    /** One line: what is down and what it said. */
    public String describe() {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage().lines().findFirst().orElse("");
        return dependency + " is unavailable (" + cause.getClass().getSimpleName() + ": " + message + ")";
    }
}
