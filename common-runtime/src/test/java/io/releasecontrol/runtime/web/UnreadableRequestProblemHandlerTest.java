package io.releasecontrol.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnreadableRequestProblemHandlerTest {

    /** Netty's defaults, as Reactor Netty configures them: 4 KB request line, 8 KB headers */
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(4096, 8192, 8192),
            UnreadableRequestProblemHandler.INSTANCE, new HttpObjectAggregator(1 << 16));

    private String send(String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = channel.readOutbound()) != null; b.release()) {
            out.append(b.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    @Test
    void aRequestLineOverTheLimitIsA414Problem() {
        String response = send("GET /api/v1/deployments?application=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 414 Request-URI Too Long\r\n")
                .contains("content-type: application/problem+json", "connection: close")
                .contains("\"type\":\"https://releasecontrol.io/problems/uri-too-long\"", "\"status\":414",
                        "\"title\":\"Request line too long\"", "\"detail\":\"The request line");
        // the connection is closed once the answer is written
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void headersOverTheLimitAreA431Problem() {
        String response = send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 431 ").contains("\"type\":\"https://releasecontrol.io/problems/headers-too-large\"");
    }

    @Test
    void aTargetThatIsNotAUriIsA400Problem() {
        // Spring's adapter would answer these with an empty 400 (URISyntaxException)
        for (String target : new String[] {"/api/v1/deployments/%zz", "/a/%", "/a\\b", "/a%%41", "/a|b"}) {
            assertThat(UnreadableRequestProblemHandler.notAUri(target)).as(target).isNotNull();
        }
        String response = send("GET /api/v1/deployments/%zz HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n")
                .contains("\"type\":\"https://releasecontrol.io/problems/malformed-request\"",
                        "\"detail\":\"The request target is not a valid URI: Malformed escape pair at index 20");
    }

    @Test
    void ordinaryTargetsAreURIs() {
        for (String target : new String[] {"/", "*", "/api/v1/deployments?application=shop&size=5", "/a%2Fb%00?q=%20",
                "http://host:8080/x?y=1#f", "/a;b/../c", "/caf%C3%A9"}) {
            assertThat(UnreadableRequestProblemHandler.notAUri(target)).as(target).isNull();
        }
    }

    @Test
    void aWellFormedRequestPassesUntouched() {
        send("GET /api/v1/deployments?size=1 HTTP/1.1\r\nHost: x\r\n\r\n");
        FullHttpRequest request = channel.readInbound();
        assertThat(request.uri()).isEqualTo("/api/v1/deployments?size=1");
        assertThat(request.decoderResult().isSuccess()).isTrue();
        request.release();
        assertThat(channel.isOpen()).isTrue();
    }
}
