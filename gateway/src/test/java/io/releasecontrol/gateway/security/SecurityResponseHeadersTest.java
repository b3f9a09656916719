package io.releasecontrol.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;

class SecurityResponseHeadersTest {

    /** Spring Security's default header writers, as {@code ServerHttpSecurity.headers()} composes them. */
    private static final ServerHttpHeadersWriter SPRING_DEFAULTS = new CompositeServerHttpHeadersWriter(
            new CacheControlServerHttpHeadersWriter(), new ContentTypeOptionsServerHttpHeadersWriter(),
            new StrictTransportSecurityServerHttpHeadersWriter(), new XFrameOptionsServerHttpHeadersWriter(),
            new XXssProtectionServerHttpHeadersWriter(), new ReferrerPolicyServerHttpHeadersWriter());

    // url, status, a header the service sent (name:value, or "-")
    @ParameterizedTest(name = "{0} {1} service sent {2}")
    @CsvSource({
            "http://gw/api/v1/applications, 200, -",
            "https://gw/api/v1/applications, 200, -",
            "http://gw/api/v1/applications, 304, -",
            "http://gw/api/v1/applications, 200, Cache-Control:max-age=60",
            "http://gw/api/v1/applications, 200, Expires:Wed 21 Oct 2026 07:28:00 GMT",
            "http://gw/swagger-ui.html, 200, X-Frame-Options:SAMEORIGIN",
            "https://gw/api/v1/applications, 200, Strict-Transport-Security:max-age=60",
            "http://gw/api/v1/applications, 200, Referrer-Policy:same-origin",
            "http://gw/api/v1/applications, 503, X-Content-Type-Options:nosniff",
    })
    void writesWhatSpringSecuritysDefaultWritersWrite(String url, int status, String serviceHeader) {
        assertThat(written(new SecurityResponseHeaders(), url, status, serviceHeader))
                .isEqualTo(written(SPRING_DEFAULTS, url, status, serviceHeader));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"http://gw/api/v1/applications, false", "https://gw/api/v1/applications, true"})
    void hstsOnlyOverHttps(String url, boolean hsts) {
        var headers = written(new SecurityResponseHeaders(), url, 200, "-");
        assertThat(headers).containsEntry("X-Frame-Options", List.of("DENY"))
                .containsEntry("Cache-Control", List.of(SecurityResponseHeaders.CACHE_CONTROL_VALUE));
        assertThat(headers.containsKey("Strict-Transport-Security")).isEqualTo(hsts);
    }

    private static Map<String, List<String>> written(ServerHttpHeadersWriter writer, String url, int status, String serviceHeader) {
        var exchange = MockServerWebExchange.from(MockServerHttpRequest.get(url));
        exchange.getResponse().setStatusCode(HttpStatus.valueOf(status));
        if (!serviceHeader.equals("-")) {
            String[] nameValue = serviceHeader.split(":", 2);
            exchange.getResponse().getHeaders().add(nameValue[0], nameValue[1]);
        }
        writer.writeHttpHeaders(exchange).block();
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getResponse().getHeaders().forEach(headers::put);
        return headers;
    }
}
