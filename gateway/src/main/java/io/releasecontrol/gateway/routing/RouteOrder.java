package io.releasecontrol.gateway.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The order of the services' routes, so a more specific path wins whatever the services are named:
 * when a pattern of service B also matches a pattern of service A taken as a path (B's
 * {@code /api/v1/applications/**} matches A's {@code /api/v1/applications/* /analysis}) and not the
 * other way round, A's route goes first. Routes that do not overlap keep order 0.
 */
final class RouteOrder {

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

    private RouteOrder() {
    }

    /** Route order by service id: lower is tried first. */
    static Map<String, Integer> of(Map<String, List<String>> pathsByService) {
        Map<String, Integer> order = new HashMap<>();
        pathsByService.keySet().forEach(id -> order.put(id, 0));
        // relax "A before B" edges; services are few, and a cycle (mutual overlap) stops after n rounds
        for (int round = 0; round < pathsByService.size(); round++) {
            for (var a : pathsByService.entrySet()) {
                for (var b : pathsByService.entrySet()) {
                    if (!a.getKey().equals(b.getKey()) && shadows(b.getValue(), a.getValue())) {
                        order.put(a.getKey(), Math.min(order.get(a.getKey()), order.get(b.getKey()) - 1));
                    }
                }
            }
        }
        return order;
    }

    /** Whether a pattern of {@code wide} catches a pattern of {@code narrow} that does not catch it back. */
    static boolean shadows(List<String> wide, List<String> narrow) {
        for (String w : wide) {
            PathPattern wp = PARSER.parse(w);
            for (String n : narrow) {
                PathPattern np = PARSER.parse(n);
                if (wp.matches(PathContainer.parsePath(n)) && !np.matches(PathContainer.parsePath(w))) {
                    return true;
                }
            }
        }
        return false;
    }
}
