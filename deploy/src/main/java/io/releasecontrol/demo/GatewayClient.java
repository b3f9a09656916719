package io.releasecontrol.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Release Control's REST API through the gateway with an API key, as a bot calls it (the demo and
 * the benchmarks): JSON in and out; any answer other than 2xx fails with the problem body.
 */
public final class GatewayClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String key;

    public GatewayClient(String base, String key) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.key = key;
    }

    /** With the admin key bin/rc hands over in RC_ADMIN_API_KEY (never on the command line, where ps shows it). */
    public static GatewayClient fromEnvironment(String base) {
        return withKey(base, System.getenv("RC_ADMIN_API_KEY"));
    }

    public static GatewayClient withKey(String base, String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("RC_ADMIN_API_KEY is not set: run this through bin/rc, which reads the"
                    + " stack's key from its state directory");
        }
        return new GatewayClient(base, key.strip());
    }

    public String base() {
        return base;
    }

    public HttpClient http() {
        return http;
    }

    public JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    public JsonNode post(String path, Object body) {
        return send(post(request(path), body));
    }

    public JsonNode put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build());
    }

    /** The same POST without waiting: completes with the body, or fails with the status and the problem. */
    public CompletableFuture<JsonNode> postAsync(String path, Object body) {
        HttpRequest request = post(request(path), body);
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> body(request, r));
    }

    /** A request to the gateway carrying the API key; the caller adds method and body. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", key).header("Accept", "application/json");
    }

    private static HttpRequest post(HttpRequest.Builder builder, Object body) {
        return builder.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
    }

    private JsonNode send(HttpRequest request) {
        try {
            return body(request, http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    private static JsonNode body(HttpRequest request, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            String hint = response.statusCode() == 429
                    ? " (the gateway's rate limit: start the stack with a higher RC_RATE_LIMIT_PER_SECOND and RC_RATE_LIMIT_BURST)"
                    : response.statusCode() == 401 ? " (is RC_ADMIN_API_KEY the running stack's admin key?)" : "";
            throw new ApiException(response.statusCode(), request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + hint + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** A non-2xx answer. */
    public static final class ApiException extends RuntimeException {

        private final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
