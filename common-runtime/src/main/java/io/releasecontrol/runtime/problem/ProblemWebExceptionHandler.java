package io.releasecontrol.runtime.problem;

import io.releasecontrol.runtime.fault.DependencyFailure;
import io.releasecontrol.runtime.input.NulCharacterException;
import io.releasecontrol.runtime.problem.ProblemException.FieldError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerErrorException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders every error of a service as RFC 9457 {@code application/problem+json}: our own
 * {@link ProblemException}s, bean-validation failures (400 with {@code errors:[{field, message}]}),
 * the framework's 4xx (unreadable body, 404, 405, 415, ...) and anything unexpected (500, logged
 * with its stack trace, answered without one). It runs before Spring Boot's own handler.
 */
public class ProblemWebExceptionHandler implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        Map<String, Object> body = toProblem(exchange, ex);
        response.setStatusCode(HttpStatusCode.valueOf((Integer) body.get("status")));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (ex instanceof ErrorResponse er) {
            er.getHeaders().forEach((name, values) -> {
                if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                    response.getHeaders().put(name, values);
                }
            });
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    Map<String, Object> toProblem(ServerWebExchange exchange, Throwable ex) {
        ProblemType type;
        Integer status = null;
        String detail;
        Map<String, Object> extensions = new LinkedHashMap<>();
        NulCharacterException nul = nulCharacter(ex);
        if (nul != null) {
            // from the codecs (a DecodingException's cause) or a controller's own JSON read alike
            ex = ProblemException.invalid(nul.field(), nul.reason());
        }
        if (ex instanceof ServerErrorException se && se.getMethodParameter() != null
                && se.getMethodParameter().hasParameterAnnotation(PathVariable.class)) {
            // a path segment that converts to nothing (a blank where a UUID is expected): Spring calls
            // it a missing path variable, a 500; it is the caller's mistake
            String name = se.getMethodParameter().getParameterAnnotation(PathVariable.class).value();
            ex = ProblemException.invalid(name.isEmpty() ? se.getMethodParameter().getParameterName() : name,
                    "must be a " + se.getMethodParameter().getParameterType().getSimpleName() + ", not blank");
        }
        if (ex instanceof ProblemException pe) {
            type = pe.type();
            detail = pe.getMessage();
            extensions.putAll(pe.extensions());
        } else if (ex instanceof WebExchangeBindException bind) {
            List<FieldError> errors = new ArrayList<>();
            bind.getFieldErrors().forEach(f -> errors.add(new FieldError(f.getField(), f.getDefaultMessage())));
            bind.getGlobalErrors().forEach(g -> errors.add(new FieldError(g.getObjectName(), g.getDefaultMessage())));
            errors.sort(Comparator.comparing(FieldError::field));
            ProblemException invalid = InvalidFields.problem(errors);
            type = invalid.type();
            detail = invalid.getMessage();
            extensions.putAll(invalid.extensions());
        } else if (ex instanceof ServerWebInputException input && !(ex instanceof MethodNotAllowedException)) {
            type = ProblemType.MALFORMED_REQUEST;
            detail = readableCause(input);
        } else if (ex instanceof ResponseStatusException rse) {
            type = ProblemType.forStatus(rse.getStatusCode().value());
            status = rse.getStatusCode().value();
            detail = rse.getReason() != null ? rse.getReason() : type.title();
        } else if (ex instanceof ErrorResponse er) {
            type = ProblemType.forStatus(er.getStatusCode().value());
            status = er.getStatusCode().value();
            detail = er.getBody().getDetail() != null ? er.getBody().getDetail() : type.title();
        } else if (DependencyFailure.in(ex).isPresent()) {
            // the database, the broker or another service is down: the caller may try again, it did nothing wrong
            DependencyFailure down = DependencyFailure.in(ex).orElseThrow();
            type = ProblemType.SERVICE_UNAVAILABLE;
            detail = "Cannot answer now: " + down.dependency() + " is unavailable; try again in a few seconds.";
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            log.warn("{} {} answered 503: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                    down.describe());
        } else {
            type = ProblemType.INTERNAL;
            detail = "Unexpected error; the service log has the details (correlation id on this response).";
            log.error("unhandled error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), ex);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        // a framework status without its own kind (410, 413, 502, ...) keeps its real code
        body.put("status", status != null ? status : type.status().value());
        body.put("detail", detail);
        body.put("instance", exchange.getRequest().getPath().value());
        body.putAll(extensions);
        return body;
    }

    private static NulCharacterException nulCharacter(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NulCharacterException nul) {
                return nul;
            }
        }
        return null;
    }

    private static String readableCause(ServerWebInputException e) {
        Throwable cause = e.getCause();
        if (cause instanceof DecodingException decoding) {
            Throwable root = decoding.getMostSpecificCause();
            String msg = root.getMessage() == null ? "body is not valid JSON" : root.getMessage();
            // keep the first line: Jackson appends source excerpts after it
            return "Request body cannot be read: " + msg.lines().findFirst().orElse(msg);
        }
        return e.getReason() != null ? e.getReason() : "Request cannot be read";
    }

    @Override
    public int getOrder() {
        // before Spring Boot's DefaultErrorWebExceptionHandler (-1)
        return -2;
    }
}
