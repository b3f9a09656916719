package io.releasecontrol.runtime.instance;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;

/**
 * Which process of a service this is: the owner named on the work it holds (deploy-service's
 * deployment leases) and, when given explicitly, its Kafka static membership.
 *
 * <p>Set {@value #PROPERTY} ({@code RC_INSTANCE_ID}) to a name that is unique among the live
 * instances of a service and stays the same when one is restarted (a pod name, a container's host
 * name): a restarted instance then takes back its own deployments and its Kafka partitions at once,
 * instead of after a lease or a session timeout. Unset, every process gets a fresh id (host, pid and
 * a random part), which never collides but is not kept across a restart.
 *
 * @param value    the id: letters, digits, '.', '_' and '-' only (what Kafka accepts as a
 *                 {@code group.instance.id}), at most {@value #MAX_LENGTH} characters
 * @param explicit whether it was configured (stable across restarts) rather than generated
 */
public record InstanceId(String value, boolean explicit) {

    public static final String PROPERTY = "rc.instance-id";
    static final int MAX_LENGTH = 100;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

    public InstanceId {
        if (value == null || !VALID.matcher(value).matches()) {
            throw new IllegalArgumentException(PROPERTY + " must be 1-" + MAX_LENGTH
                    + " letters, digits, '.', '_' or '-', got '" + value + "'");
        }
    }

    /** The configured id, or a generated one. */
    public static InstanceId of(Environment env) {
        return configured(env).orElseGet(InstanceId::generated);
    }

    /** The configured id, if there is one. */
    public static Optional<InstanceId> configured(Environment env) {
        String configured = env.getProperty(PROPERTY, env.getProperty("RC_INSTANCE_ID", ""));
        return configured.isBlank() ? Optional.empty() : Optional.of(new InstanceId(configured.strip(), true));
    }

    static InstanceId generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        host = host.replaceAll("[^A-Za-z0-9._-]", "_");
        host = host.substring(0, Math.min(host.length(), 60));
        // several contexts share a JVM in tests: the random part keeps them apart
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return new InstanceId(host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
                + HexFormat.of().formatHex(random), false);
    }

    @Override
    public String toString() {
        return value;
    }
}
