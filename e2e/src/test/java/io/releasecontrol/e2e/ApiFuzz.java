package io.releasecontrol.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A seeded, deterministic fuzzer driven by the gateway's merged OpenAPI document: every request is
 * one operation of the document with its path, query and body built from the operation's own
 * parameters and schemas, then spoiled — hostile strings (NUL and other control characters, ':',
 * '..', markup, injection-looking, 100 KB) in values and map keys, wrong JSON types, missing or unknown fields, bad numbers, dates and durations, bodies
 * that are not JSON or not UTF-8, unknown query parameters, wrong content types. An answer fails the
 * run when it is a 5xx, a 4xx without an RFC 9457 problem body ({@code type}, {@code title},
 * {@code status} equal to the HTTP status, {@code detail}), or no answer within the timeout.
 * <p>
 * Operations that change global configuration (rules, environment policies and maintenance, API
 * keys) are fuzzed with bodies that can never be valid, so a run cannot change what the rest of the
 * suite relies on; every name the fuzzer can make valid starts with {@code fuzz-}.
 */
final class ApiFuzz {

    /** One failed answer, with what was sent. */
    record Finding(String request, int status, String contentType, String body) {
        @Override
        public String toString() {
            return request + " → " + (status < 0 ? "no answer" : status + " " + contentType) + " "
                    + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }

    /** What a run saw. */
    record Report(int requests, Map<Integer, Integer> statuses, List<Finding> findings) {
        String figures() {
            long fivexx = findings.stream().filter(f -> f.status() >= 500).count();
            long hangs = findings.stream().filter(f -> f.status() < 0).count();
            return String.format(Locale.ROOT, "%d requests · 5xx %d · 4xx without a problem body %d · hangs %d · "
                    + "statuses %s", requests, fivexx, findings.size() - fivexx - hangs, hangs, statuses);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    /** global configuration: fuzzed only with bodies no validation can accept */
    private static final Set<String> GUARDED = Set.of("PUT /api/v1/rules/{id}", "PUT /api/v1/environments/{env}/policy",
            "PUT /api/v1/environments/{env}/maintenance", "POST /api/v1/admin/api-keys",
            "DELETE /api/v1/admin/api-keys/{id}");
    private static final String[] HOSTILE = {"", " ", "\u0000", "a\u0000b", "a:b", "..", "../../etc/passwd", "a/b",
            "%", "%2F", "ünïcødé ✓ 漢字", "\uD83D\uDE00", "\r\n", "<script>alert(1)</script>", "' OR 1=1 --",
            "${jndi:ldap://127.0.0.1/x}", "-1", "0", "1e309", "NaN", "9223372036854775808", "P9999999999D",
            "PT9223372036854775807S", "2026-13-45T25:61:00Z", "true", "null", "[]", "{}", "\\", "\t",
            // the other C0 controls, which the services store as sent (only NUL is refused)
            "\u0001", "a\u0007b", "\u001b[31mred\u001b[0m", "\u000b\u000c\u001f", "\b"};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;
    private final SplittableRandom random;
    private final Duration timeout;
    private final JsonNode document;
    private final List<String[]> operations = new ArrayList<>();
    private final long pauseNanos;

    /** @param perSecond requests a second at most: under the gateway's rate limit, so answers are not 429s */
    ApiFuzz(String base, String key, long seed, Duration timeout, int perSecond) throws IOException,
            InterruptedException {
        this.pauseNanos = 1_000_000_000L / perSecond;
        this.base = base;
        this.key = key;
        this.random = new SplittableRandom(seed);
        this.timeout = timeout;
        this.document = mergedDocument(http, base, key);
        // sorted, so that a seed means the same requests for the same document
        Map<String, String[]> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (METHODS.contains(method)) {
                    sorted.put(method.toUpperCase(Locale.ROOT) + " " + path.getKey(),
                            new String[] {method.toUpperCase(Locale.ROOT), path.getKey()});
                }
            }
        }
        operations.addAll(sorted.values());
    }

    /**
     * The gateway's merged document once every service's part is in it: a merge made while a
     * service was still starting lacks that service's operations until the next one.
     */
    static JsonNode mergedDocument(HttpClient http, String base, String key) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create(base + "/v3/api-docs"))
                    .header("X-API-Key", key).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode d = JSON.readTree(doc.body());
            boolean complete = d.path("x-rc-services").size() > 0;
            for (JsonNode service : d.path("x-rc-services")) {
                complete &= "merged".equals(service.path("status").asText());
            }
            if (complete || System.nanoTime() > deadline) {
                return d;
            }
            Thread.sleep(2000);
        }
    }

    int operations() {
        return operations.size();
    }

    Report run(int requests) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        long next = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            next += pauseNanos;
            // every operation at least once, in order, then at random
            String[] op = i < operations.size() ? operations.get(i) : operations.get(random.nextInt(operations.size()));
            Finding f = exchange(op[0], op[1], statuses);
            if (f != null) {
                findings.add(f);
            }
        }
        return new Report(requests, statuses, findings);
    }

    private Finding exchange(String method, String template, Map<Integer, Integer> statuses) {
        JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        boolean guarded = GUARDED.contains(method + " " + template);
        String path = template;
        StringBuilder query = new StringBuilder();
        for (JsonNode p : operation.path("parameters")) {
            String in = p.path("in").asText();
            String name = p.path("name").asText();
            if ("path".equals(in)) {
                path = path.replace("{" + name + "}", encode(pathValue()));
            } else if ("query".equals(in) && (p.path("required").asBoolean() || random.nextInt(3) > 0)) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(encode(value(
                        schema(p.path("schema")))));
            }
        }
        if (random.nextInt(8) == 0) {
            query.append(query.isEmpty() ? "?" : "&").append(encode(hostile())).append('=').append(encode(hostile()));
        }
        String contentType = contentType();
        String body = null;
        if (operation.has("requestBody") || random.nextInt(10) == 0) {
            JsonNode schema = schema(operation.path("requestBody").path("content").path("application/json")
                    .path("schema"));
            body = guarded ? invalidBody() : body(schema);
        }
        String request = method + " " + path + query + (body == null ? "" : " [" + contentType + "] "
                + (body.length() > 200 ? body.substring(0, 200) + "…(" + body.length() + " chars)" : body));
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(base + path + query));
        } catch (IllegalArgumentException e) {
            return null; // not a URI a client could send
        }
        b.timeout(timeout).header("X-API-Key", key).header("Accept", "application/json, application/problem+json");
        byte[] bytes = body == null ? null : body.getBytes(contentType.contains("utf-16")
                ? StandardCharsets.UTF_16 : StandardCharsets.UTF_8);
        if (bytes != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            statuses.merge(-1, 1, Integer::sum);
            return new Finding(request, -1, "", "no answer within " + timeout);
        } catch (IOException e) {
            statuses.merge(-2, 1, Integer::sum);
            return new Finding(request, -2, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (status >= 500 || status >= 400 && !isProblem(status, type, response.body())) {
            return new Finding(request, status, type, response.body());
        }
        return null;
    }

    /** RFC 9457: problem+json with type, title, status (this answer's) and detail */
    static boolean isProblem(int status, String contentType, String body) {
        if (!contentType.startsWith("application/problem+json")) {
            return false;
        }
        try {
            JsonNode p = JSON.readTree(body);
            return p.hasNonNull("type") && p.hasNonNull("title") && p.path("status").asInt() == status
                    && p.hasNonNull("detail");
        } catch (IOException e) {
            return false;
        }
    }

    private JsonNode schema(JsonNode s) {
        String ref = s.path("$ref").asText("");
        return ref.startsWith("#/components/schemas/")
                ? document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length())) : s;
    }

    /** A body from the schema, then (most of the time) spoiled. */
    private String body(JsonNode schema) {
        JsonNode value = value(schema, 0);
        switch (random.nextInt(12)) {
            case 0:
                return "{\"unterminated\": ";
            case 1:
                return "x".repeat(100_000);
            case 2:
                return "[" + JSON.valueToTree(value) + "]";
            case 3:
                return "<xml>" + hostile() + "</xml>";
            case 4:
                return "";
            default:
                if (value instanceof ObjectNode o && o.size() > 0 && random.nextBoolean()) {
                    List<String> names = new ArrayList<>();
                    o.fieldNames().forEachRemaining(names::add);
                    String victim = names.get(random.nextInt(names.size()));
                    switch (random.nextInt(4)) {
                        case 0 -> o.remove(victim);
                        case 1 -> o.set(victim, NODES.arrayNode().add(hostile()));
                        case 2 -> o.put(victim, hostile());
                        default -> o.set(victim, NODES.numberNode(random.nextBoolean() ? -1 : Long.MAX_VALUE));
                    }
                }
                if (value instanceof ObjectNode o && random.nextInt(6) == 0) {
                    o.put("fuzz" + hostile(), hostile());
                }
                return value.toString();
        }
    }

    /** For global configuration: JSON no validation accepts (wrong top-level type or unreadable). */
    private String invalidBody() {
        return switch (random.nextInt(4)) {
            case 0 -> "[" + JSON.valueToTree(hostile()) + "]";
            case 1 -> JSON.valueToTree(hostile()).toString();
            case 2 -> "{\"unterminated\": ";
            default -> "12345";
        };
    }

    private JsonNode value(JsonNode schema, int depth) {
        schema = schema(schema);
        String type = schema.path("type").asText("object");
        if (depth > 3) {
            return NODES.nullNode();
        }
        switch (type) {
            case "object": {
                ObjectNode o = NODES.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    if (random.nextInt(5) > 0) {
                        o.set(p.getKey(), value(p.getValue(), depth + 1));
                    }
                }
                // a map (custom counters, labels, compatibility): keys as hostile as values, NUL included
                JsonNode entries = schema.path("additionalProperties");
                for (int i = entries.isObject() ? random.nextInt(3) : 0; i > 0; i--) {
                    o.set(text(), value(entries, depth + 1));
                }
                return o;
            }
            case "array": {
                ArrayNode a = NODES.arrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(value(schema.path("items"), depth + 1));
                }
                return a;
            }
            case "integer":
                return NODES.numberNode(switch (random.nextInt(4)) {
                    case 0 -> -1L;
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> 0L;
                    default -> (long) random.nextInt(1000);
                });
            case "number":
                return NODES.numberNode(switch (random.nextInt(4)) {
                    case 0 -> -0.5;
                    case 1 -> 1e308;
                    case 2 -> 0.05;
                    default -> random.nextDouble() * 100;
                });
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            default:
                return NODES.textNode(text());
        }
    }

    private String value(JsonNode schema) {
        JsonNode v = value(schema, 3);
        return v.isTextual() ? v.asText() : v.toString();
    }

    /** A string: plausible (a fuzz name, a version, a time, a duration) or hostile. */
    private String text() {
        return switch (random.nextInt(6)) {
            case 0 -> "fuzz-" + random.nextInt(50);
            case 1 -> random.nextInt(3) + "." + random.nextInt(10) + "." + random.nextInt(10);
            case 2 -> "2026-12-0" + (1 + random.nextInt(9)) + "T10:00:00Z";
            case 3 -> "PT" + random.nextInt(100) + "S";
            default -> hostile();
        };
    }

    private String pathValue() {
        return random.nextInt(3) == 0 ? "fuzz-" + random.nextInt(50) : text();
    }

    private String hostile() {
        return random.nextInt(25) == 0 ? "a".repeat(5000) : HOSTILE[random.nextInt(HOSTILE.length)];
    }

    private String contentType() {
        return switch (random.nextInt(10)) {
            case 0 -> "text/plain";
            case 1 -> "application/xml";
            case 2 -> "application/json; charset=utf-16";
            case 3 -> "application/x-www-form-urlencoded";
            default -> "application/json";
        };
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
