package io.releasecontrol.demo.real;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Prometheus server (Debian's 2.42) of our own on a 127.0.0.1 port with a generated configuration
 * and its storage in a directory of the caller's, scraping HAProxy's exporter every second; what
 * metrics-service pulls from (never the package's system service).
 */
public final class PrometheusProcess implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ChildProcess process;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private PrometheusProcess(ChildProcess process, String url) {
        this.process = process;
        this.url = url;
    }

    /** Starts it on {@code port}, scraping {@code targets} (host:port, path /metrics) every second; returns once ready. */
    public static PrometheusProcess start(Path dir, String binary, int port, List<String> targets) {
        Path config = dir.resolve("prometheus.yml");
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 900ms
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: haproxy
                        static_configs:
                          - targets: [%s]
                    """.formatted(String.join(", ", targets.stream().map(t -> "'" + t + "'").toList())));
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + config, e);
        }
        ChildProcess p = ChildProcess.start("prometheus", List.of(binary, "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--storage.tsdb.retention.time=1h",
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"), dir.resolve("prometheus.log"));
        PrometheusProcess prometheus = new PrometheusProcess(p, "http://127.0.0.1:" + port);
        p.await(Duration.ofSeconds(30), () -> prometheus.status("/-/ready") == 200);
        return prometheus;
    }

    public String url() {
        return url;
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** An instant query's single value; NaN when it has no series (or Prometheus does not answer). */
    public double query(String promql) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode result = JSON.readTree(r.body()).path("data").path("result");
            return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asString());
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
