package io.releasecontrol.demo.real;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An HAProxy 2.6 for the real-traffic loop, in master-worker mode as deploy-service's router wants
 * it (docs/routing.md): a frontend per application on 127.0.0.1 sending to the backend
 * deploy-service writes for it ({@code rc_<application>_<environment>}, named dynamically so the
 * configuration is valid before the first deployment writes the backend; until then the frontend
 * answers 503; the demo servers' install path is refused), and a stats frontend serving the
 * built-in Prometheus exporter on {@code /metrics}.
 * The files are in {@link Files}' directory: deploy-service's router configuration names the same.
 */
public final class HaproxyProcess implements AutoCloseable {

    /** Where everything of one HAProxy lives; the router's configuration points at these paths. */
    public record Layout(Path dir) {
        public Path statsSocket() {
            return dir.resolve("admin.sock");
        }

        public Path masterSocket() {
            return dir.resolve("master.sock");
        }

        public Path backendsFile() {
            return dir.resolve("rc-backends.cfg");
        }

        public Path mapFile() {
            return dir.resolve("rc-canary.map");
        }

        public Path frontFile() {
            return dir.resolve("haproxy.cfg");
        }
    }

    private final Layout layout;
    private final ChildProcess process;

    private HaproxyProcess(Layout layout, ChildProcess process) {
        this.layout = layout;
        this.process = process;
    }

    /**
     * Starts haproxy with a frontend on {@code 127.0.0.1:<port>} per backend name and the exporter on
     * {@code exporterPort}; returns once its stats socket answers.
     */
    public static HaproxyProcess start(Layout layout, String binary, Map<String, Integer> frontends, int exporterPort) {
        try {
            Files.createDirectories(layout.dir());
            StringBuilder cfg = new StringBuilder("""
                    global
                        stats socket %s mode 600 level admin
                    defaults
                        mode http
                        timeout connect 2s
                        timeout client 10s
                        timeout server 10s
                    frontend rc_exporter
                        bind 127.0.0.1:%d
                        http-request use-service prometheus-exporter if { path /metrics }
                    """.formatted(layout.statsSocket(), exporterPort));
            frontends.forEach((backend, port) -> cfg.append("""
                    frontend fe_%s
                        bind 127.0.0.1:%d
                        http-request deny deny_status 403 if { path_beg %s }
                        use_backend %%[str(%s)]
                    """.formatted(backend, port, DemoVersion.INSTALL_PATH, backend)));
            Files.writeString(layout.frontFile(), cfg);
            // deploy-service owns these two; they exist (empty) before the first start, as the docs ask
            if (!Files.exists(layout.backendsFile())) {
                Files.writeString(layout.backendsFile(), "");
            }
            if (!Files.exists(layout.mapFile())) {
                Files.writeString(layout.mapFile(), "");
            }
            Files.deleteIfExists(layout.statsSocket());
            Files.deleteIfExists(layout.masterSocket());
        } catch (IOException e) {
            throw new IllegalStateException("could not write haproxy's configuration in " + layout.dir(), e);
        }
        ChildProcess p = ChildProcess.start("haproxy", List.of(binary, "-W", "-S", layout.masterSocket().toString(),
                "-f", layout.frontFile().toString(), "-f", layout.backendsFile().toString()),
                layout.dir().resolve("haproxy.log"));
        HaproxyProcess haproxy = new HaproxyProcess(layout, p);
        p.await(Duration.ofSeconds(15), () -> haproxy.answers("show info").contains("Pid:"));
        return haproxy;
    }

    /** One runtime-API command on the stats socket; "" when it does not answer. */
    public String answers(String command) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(layout.statsSocket()));
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            StringBuilder out = new StringBuilder();
            while (ch.read(buf) > 0) {
                buf.flip();
                out.append(StandardCharsets.US_ASCII.decode(buf));
                buf.clear();
            }
            return out.toString();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * What HAProxy has counted for one server of a backend, read now from the runtime API
     * ({@code show stat}): its responses (hrsp_1xx..5xx and other) and its 5xx; {-1, -1} when the
     * backend does not exist (yet). A reload starts a new worker, and its counts from zero.
     */
    public long[] counts(String backend, String server) {
        String csv = answers("show stat");
        List<String> columns = List.of(csv.lines().findFirst().orElse("").replaceFirst("^# ", "").split(","));
        for (String line : csv.lines().skip(1).toList()) {
            String[] f = line.split(",", -1);
            if (f.length > 1 && f[0].equals(backend) && f[1].equals(server)) {
                long sum = 0;
                for (String c : List.of("hrsp_1xx", "hrsp_2xx", "hrsp_3xx", "hrsp_4xx", "hrsp_5xx", "hrsp_other")) {
                    sum += number(f[columns.indexOf(c)]);
                }
                return new long[] {sum, number(f[columns.indexOf("hrsp_5xx")])};
            }
        }
        return new long[] {-1, -1};
    }

    /** The responses HAProxy has counted for one server; -1 when the backend does not exist (yet). */
    public long responses(String backend, String server) {
        return counts(backend, server)[0];
    }

    private static long number(String v) {
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }

    public Layout layout() {
        return layout;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
