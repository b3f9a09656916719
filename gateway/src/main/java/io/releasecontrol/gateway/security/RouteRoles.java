package io.releasecontrol.gateway.security;

import io.releasecontrol.runtime.identity.TrustedIdentity;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The role each request needs, per DESIGN §10: reads are {@code viewer}, mutations {@code deployer},
 * operator decisions and settings {@code admin}. A pure function of method and path, so the whole
 * table is unit-tested row by row.
 * <p>
 * The decision is made on the path as the services will read it: each segment percent-decoded
 * ({@code curren%74} is {@code current}, an admin route). A path whose decoded form is ambiguous —
 * an encoded '/', '\' or '%', a control character, a '.' or '..' segment, an empty segment, a
 * ';' parameter, a malformed escape — is {@link Requirement.Rejected}: the gateway refuses it
 * (400) rather than guess which route a service would take it for. Spring Security's firewall
 * refuses most of these before; this holds even where it would not.
 */
public final class RouteRoles {

    /**
     * What a request needs: nothing, an authenticated caller with a role, never (internal paths),
     * or nothing it could have (an ambiguous spelling, refused whoever calls).
     */
    public sealed interface Requirement {
        record Public() implements Requirement { }
        record Role(String name) implements Requirement { }
        record Denied() implements Requirement { }
        /** @param reason what makes the path ambiguous, for the 400 problem's detail */
        record Rejected(String reason) implements Requirement { }
    }

    public static final Requirement PUBLIC = new Requirement.Public();
    public static final Requirement DENIED = new Requirement.Denied();
    public static final Requirement VIEWER = new Requirement.Role(TrustedIdentity.VIEWER);
    public static final Requirement DEPLOYER = new Requirement.Role(TrustedIdentity.DEPLOYER);
    public static final Requirement ADMIN = new Requirement.Role(TrustedIdentity.ADMIN);

    private static final String SEG = "[^/]+";

    /** Exceptions to "reads need viewer, writes need deployer", checked first. */
    private static final List<Rule> EXCEPTIONS = List.of(
            new Rule(HttpMethod.PUT, "/api/v1/applications/" + SEG + "/environments/" + SEG + "/current", ADMIN),
            new Rule(HttpMethod.POST, "/api/v1/rollbacks/" + SEG + "/(approve|abort|confirm-repair)", ADMIN),
            new Rule(HttpMethod.PUT, "/api/v1/rules/" + SEG, ADMIN),
            new Rule(HttpMethod.PUT, "/api/v1/applications/" + SEG + "/analysis", ADMIN),
            new Rule(HttpMethod.DELETE, "/api/v1/applications/" + SEG + "/analysis", ADMIN),
            new Rule(HttpMethod.PUT, "/api/v1/environments/" + SEG + "/maintenance", ADMIN),
            new Rule(HttpMethod.PUT, "/api/v1/environments/" + SEG + "/policy", ADMIN),
            // a git host cannot hold our credentials: deploy-service checks the hook's HMAC signature itself
            new Rule(HttpMethod.POST, "/api/v1/hooks/git", PUBLIC),
            // a what-if replay changes nothing
            new Rule(HttpMethod.POST, "/api/v1/rules/replay", VIEWER),
            new Rule(HttpMethod.POST, "/api/v1/applications/" + SEG + "/analysis/replay", VIEWER));

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

    /** The gateway's own API (API keys): admins only. */
    private static final List<PathPattern> ADMIN_PATHS = List.of(PARSER.parse("/api/v1/admin"), PARSER.parse("/api/v1/admin/**"));

    private final List<PathPattern> protectedPaths;

    /** @param protectedPaths the routed API paths (the services' {@code paths}); others are public or unknown */
    public RouteRoles(List<String> protectedPaths) {
        this.protectedPaths = protectedPaths.stream().map(PARSER::parse).toList();
    }

    /** @param rawPath the path as sent, still percent-encoded */
    public Requirement required(HttpMethod method, String rawPath) {
        String path;
        try {
            path = NormalisedPath.of(rawPath);
        } catch (NormalisedPath.AmbiguousPathException e) {
            return new Requirement.Rejected(e.getMessage());
        }
        if (path.startsWith("/internal/")) {
            return DENIED;
        }
        PathContainer container = PathContainer.parsePath(path);
        if (ADMIN_PATHS.stream().anyMatch(p -> p.matches(container))) {
            return ADMIN;
        }
        if (protectedPaths.stream().noneMatch(p -> p.matches(container))) {
            // docs, dashboard, actuator; an unknown path is then answered 404 problem+json
            return PUBLIC;
        }
        for (Rule rule : EXCEPTIONS) {
            if (rule.method.equals(method) && rule.path.matcher(path).matches()) {
                return rule.requirement;
            }
        }
        return isRead(method) ? VIEWER : DEPLOYER;
    }

    static boolean isRead(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method);
    }

    private record Rule(HttpMethod method, Pattern path, Requirement requirement) {
        Rule(HttpMethod method, String regex, Requirement requirement) {
            this(method, Pattern.compile(regex), requirement);
        }
    }
}
