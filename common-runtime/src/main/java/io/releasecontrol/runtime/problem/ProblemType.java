package io.releasecontrol.runtime.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The stable {@code type} of every error the API returns (RFC 9457). Clients switch on the type
 * URI, never on the message text. New kinds are added here, never renamed.
 */
public enum ProblemType {
    VALIDATION("validation", "Request is not valid", HttpStatus.BAD_REQUEST),
    MALFORMED_REQUEST("malformed-request", "Request cannot be read", HttpStatus.BAD_REQUEST),
    /** 400: refused before routing as a possibly malicious spelling (encoded '/', '%', '\\', NUL, '..', ';', CR/LF). */
    REQUEST_REJECTED("request-rejected", "Request rejected", HttpStatus.BAD_REQUEST),
    UNAUTHENTICATED("unauthenticated", "Authentication required", HttpStatus.UNAUTHORIZED),
    IDENTITY_REJECTED("identity-rejected", "Identity header rejected", HttpStatus.UNAUTHORIZED),
    FORBIDDEN("forbidden", "Not allowed", HttpStatus.FORBIDDEN),
    NOT_FOUND("not-found", "Resource not found", HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE("not-acceptable", "Cannot produce the requested media type", HttpStatus.NOT_ACCEPTABLE),
    CONFLICT("conflict", "Conflict with the current state", HttpStatus.CONFLICT),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", HttpStatus.CONTENT_TOO_LARGE),
    /** 414: the request line (method, path and query) is longer than the server reads. */
    URI_TOO_LONG("uri-too-long", "Request line too long", HttpStatus.URI_TOO_LONG),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    /** 431: the request's headers are larger than the server reads. */
    HEADERS_TOO_LARGE("headers-too-large", "Request headers too large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE),
    UNPROCESSABLE("unprocessable", "Request cannot be carried out", HttpStatus.UNPROCESSABLE_CONTENT),
    /** 423: the target is in maintenance mode; only rollback or repair work may run. */
    MAINTENANCE_MODE("maintenance-mode", "Target in maintenance mode", HttpStatus.LOCKED),
    /** 423: the environment is in a freeze window; only rollbacks and approved hotfixes may deploy. */
    FREEZE_WINDOW("freeze-window", "Environment in a freeze window", HttpStatus.LOCKED),
    RATE_LIMITED("rate-limited", "Too many requests", HttpStatus.TOO_MANY_REQUESTS),
    SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable", HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL("internal", "Internal error", HttpStatus.INTERNAL_SERVER_ERROR);

    /** Base of every type URI; the docs page at that address explains each kind. */
    public static final String BASE = "https://releasecontrol.io/problems/";

    private final String slug;
    private final String title;
    private final HttpStatus status;

    ProblemType(String slug, String title, HttpStatus status) {
        this.slug = slug;
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    public String title() {
        return title;
    }

    public HttpStatus status() {
        return status;
    }

    /** The kind a bare HTTP status maps to, for errors raised by the framework. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> MALFORMED_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> UNPROCESSABLE;
            case 423 -> MAINTENANCE_MODE;
            case 429 -> RATE_LIMITED;
            case 431 -> HEADERS_TOO_LARGE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : MALFORMED_REQUEST;
        };
    }
}
