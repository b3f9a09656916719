package io.releasecontrol.runtime.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.releasecontrol.runtime.problem.ProblemType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request no handler can read, answered as problem+json instead of an empty response: one Netty's
 * HTTP decoder failed on — a request line over its limit (414), headers over theirs (431), not HTTP
 * (400) — and one whose target is not a URI (a bad escape such as {@code %zz}, a raw backslash:
 * 400), which Spring's Reactor adapter would answer with an empty 400. It sits right after the
 * codec, takes only such requests (and the rest of their connection, which is then closed), and
 * passes everything else on untouched.
 */
@ChannelHandler.Sharable
final class UnreadableRequestProblemHandler extends ChannelInboundHandlerAdapter {

    static final UnreadableRequestProblemHandler INSTANCE = new UnreadableRequestProblemHandler();
    static final String NAME = "rc.unreadableRequestProblem";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** set once a failure was answered: whatever else arrives on that connection is dropped */
    private static final AttributeKey<Boolean> ANSWERED = AttributeKey.valueOf(NAME);

    private UnreadableRequestProblemHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (Boolean.TRUE.equals(ctx.channel().attr(ANSWERED).get()) && msg instanceof HttpContent) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            Throwable failure = request.decoderResult().isFailure() ? request.decoderResult().cause() : notAUri(request.uri());
            if (failure != null) {
                ReferenceCountUtil.release(msg);
                ctx.channel().attr(ANSWERED).set(true);
                ctx.writeAndFlush(problem(failure)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /**
     * Why the request target is no URI (Spring builds a java.net.URI of it), or null. Parsed only
     * when a character looks wrong, so an ordinary request costs one scan of its target.
     */
    static URISyntaxException notAUri(String target) {
        if (!suspicious(target)) {
            return null;
        }
        try {
            new URI(target);
            return null;
        } catch (URISyntaxException e) {
            return e;
        }
    }

    private static boolean suspicious(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0
                    || (c == '%' && (i + 2 >= target.length() || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2))))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    static FullHttpResponse problem(Throwable cause) {
        ProblemType type;
        String detail;
        if (cause instanceof URISyntaxException notUri) {
            type = ProblemType.MALFORMED_REQUEST;
            detail = "The request target is not a valid URI: " + notUri.getReason() + " at index " + notUri.getIndex()
                    + ". Percent-encode the path and query (RFC 3986)";
        } else if (cause instanceof TooLongHttpLineException) {
            type = ProblemType.URI_TOO_LONG;
            detail = "The request line (method, path and query) is longer than this server reads: " + cause.getMessage();
        } else if (cause instanceof TooLongHttpHeaderException) {
            type = ProblemType.HEADERS_TOO_LARGE;
            detail = "The request headers are larger than this server reads: " + cause.getMessage();
        } else {
            type = ProblemType.MALFORMED_REQUEST;
            detail = "The request is not valid HTTP: " + (cause == null ? "cannot be decoded" : cause.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status().value());
        body.put("detail", detail);
        byte[] bytes = JSON.writeValueAsBytes(body);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(type.status().value()),
                Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
