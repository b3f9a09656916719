package io.releasecontrol.gateway.security;

import java.util.List;
import org.springframework.http.server.PathContainer;

/**
 * A request path as the services will route it: every segment percent-decoded, as Spring's
 * handler mapping matches it ({@code curren%74} is {@code current}). {@link RouteRoles} decides on
 * it; a path whose decoded form could be read as another one is refused instead.
 */
final class NormalisedPath {

    private NormalisedPath() {
    }

    /**
     * The path with every segment percent-decoded, as a service's handler mapping matches it.
     *
     * @throws AmbiguousPathException when the decoded path could be read as another one
     */
    static String of(String rawPath) {
        PathContainer container;
        try {
            container = PathContainer.parsePath(rawPath);
        } catch (IllegalArgumentException e) {
            throw new AmbiguousPathException("a malformed percent-escape");
        }
        StringBuilder path = new StringBuilder(rawPath.length());
        List<PathContainer.Element> elements = container.elements();
        for (int i = 0; i < elements.size(); i++) {
            PathContainer.Element element = elements.get(i);
            if (element instanceof PathContainer.PathSegment segment) {
                path.append(decoded(segment));
            } else {
                if (i > 0 && elements.get(i - 1) instanceof PathContainer.Separator) {
                    throw new AmbiguousPathException("an empty segment ('//')");
                }
                path.append('/');
            }
        }
        return path.toString();
    }

    private static String decoded(PathContainer.PathSegment segment) {
        if (!segment.parameters().isEmpty()) {
            throw new AmbiguousPathException("a ';' parameter");
        }
        String value = segment.valueToMatch();
        if (value.equals(".") || value.equals("..")) {
            throw new AmbiguousPathException("a '.' or '..' segment");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || c == '%') {
                throw new AmbiguousPathException("an encoded '" + c + "'");
            }
            if (Character.isISOControl(c)) {
                throw new AmbiguousPathException("a control character");
            }
        }
        return value;
    }

    /** Thrown by {@link #of}; the message names what is ambiguous. */
    static final class AmbiguousPathException extends RuntimeException {
        AmbiguousPathException(String what) {
            super("the path contains " + what, null, false, false);
        }
    }
}
