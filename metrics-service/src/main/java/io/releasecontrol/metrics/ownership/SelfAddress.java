package io.releasecontrol.metrics.ownership;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The base URL other instances reach this one's read endpoints on: {@code
 * rc.metrics.advertised-url} ({@code RC_METRICS_ADVERTISED_URL}; the chart sets the pod's IP, bin/rc
 * 127.0.0.1), else {@code http://<this host's address>:<the server's port>} once the server listens.
 */
public class SelfAddress implements ApplicationListener<WebServerInitializedEvent> {

    private final String configured;
    private final String instance;
    private volatile String url;

    public SelfAddress(String configured, String instance) {
        this.configured = configured == null || configured.isBlank() ? null : stripSlash(configured.strip());
        this.instance = instance;
        this.url = this.configured;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (configured == null && !"management".equals(event.getApplicationContext().getServerNamespace())) {
            url = "http://" + hostAddress() + ":" + event.getWebServer().getPort();
        }
    }

    /** This instance's base URL (the configured one, or derived once the server listens). */
    public String url() {
        String u = url;
        return u != null ? u : "http://" + hostAddress() + ":0";
    }

    public String instance() {
        return instance;
    }

    private static String hostAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            return "127.0.0.1";
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
