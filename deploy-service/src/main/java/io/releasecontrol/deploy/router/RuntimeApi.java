package io.releasecontrol.deploy.router;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HAProxy's runtime API (the stats socket) or its master CLI, one connection per call: the
 * command line is written, our side is shut for writing (the master CLI answers only then), and
 * the answer is read until HAProxy closes, within the timeout.
 */
final class RuntimeApi {

    private static final Pattern WEIGHT = Pattern.compile("^(\\d+) \\(initial (\\d+)\\)\\s*$");
    private static final Pattern MAP_VALUE = Pattern.compile("found=yes.*\\bvalue=\"([^\"]*)\"");
    /** A command line holds no line break (it would be a second command) and no comment character. */
    private static final Pattern SAFE_ARGUMENT = Pattern.compile("[A-Za-z0-9_.:/\\-]+");

    private final Path socket;
    private final Duration timeout;

    RuntimeApi(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    Path socket() {
        return socket;
    }

    /** Sends one command line (several commands separated by {@code ;}) and returns the answer. */
    String send(String commandLine) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap((commandLine + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.shutdownOutput();
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            var answer = new java.io.ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new RouterException("haproxy at " + socket + " did not answer '" + commandLine + "' within "
                            + timeout);
                }
                selector.select(left);
                selector.selectedKeys().clear();
                int n = channel.read(in);
                if (n < 0) {
                    return answer.toString(StandardCharsets.UTF_8);
                }
                answer.write(in.array(), 0, in.position());
                in.clear();
            }
        } catch (IOException e) {
            throw new RouterException("haproxy at " + socket + " is not answering (" + e.getMessage()
                    + "): is it running, with this socket?", e);
        }
    }

    /** Sends commands that answer nothing when they succeed; anything answered is the refusal. */
    void set(List<String> commands) {
        String answer = send(String.join("; ", commands));
        if (!answer.isBlank()) {
            throw new RouterException("haproxy at " + socket + " refused '" + String.join("; ", commands) + "': "
                    + oneLine(answer));
        }
    }

    int weight(String backend, String server) {
        String answer = send("get weight " + arg(backend) + "/" + arg(server));
        return parseWeight(answer, backend + "/" + server);
    }

    /** The map's value for the key; null when the map has no such key. */
    String mapValue(Path map, String key) {
        return parseMapValue(send("get map " + arg(map.toString()) + " " + arg(key)), map, key);
    }

    /** {@code show info} as name → value (Pid, Uptime_sec, ...). */
    Map<String, String> info() {
        Map<String, String> info = new TreeMap<>();
        for (String line : send("show info").split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                info.put(line.substring(0, colon), line.substring(colon + 2).trim());
            }
        }
        return info;
    }

    /** {@code show map}: its {@code key value} entries, for writing the map back to its file. */
    List<String> mapEntries(Path map) {
        String answer = send("show map " + arg(map.toString()));
        List<String> entries = new ArrayList<>();
        for (String line : answer.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && parts[0].startsWith("0x")) {
                entries.add(parts[1] + " " + parts[2]);
            } else if (!line.isBlank()) {
                throw new RouterException("haproxy at " + socket + " answered 'show map " + map + "' with: "
                        + oneLine(answer));
            }
        }
        return entries;
    }

    static int parseWeight(String answer, String server) {
        Matcher m = WEIGHT.matcher(answer.strip());
        if (!m.matches()) {
            throw new RouterException("haproxy has no weight for " + server + ": " + oneLine(answer));
        }
        return Integer.parseInt(m.group(1));
    }

    static String parseMapValue(String answer, Path map, String key) {
        if (answer.contains("found=no")) {
            return null;
        }
        Matcher m = MAP_VALUE.matcher(answer);
        if (!m.find()) {
            throw new RouterException("haproxy cannot read map " + map + " for " + key + ": " + oneLine(answer));
        }
        return m.group(1);
    }

    /** An argument of a command line, refused when it could smuggle in another command. */
    static String arg(String value) {
        if (value == null || !SAFE_ARGUMENT.matcher(value).matches()) {
            throw new RouterException("refusing to send '" + value + "' to haproxy: only letters, digits and _ . : / -");
        }
        return value;
    }

    static String oneLine(String answer) {
        String s = answer.strip().replaceAll("\\s*\\n\\s*", " | ");
        return s.isEmpty() ? "(nothing)" : s;
    }
}
