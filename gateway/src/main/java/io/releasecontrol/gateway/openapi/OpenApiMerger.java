package io.releasecontrol.gateway.openapi;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merges the services' OpenAPI documents into the one document of the public API: their paths,
 * their components (first definition of a name wins; the services share names such as
 * {@code Problem} for the same shape), the security schemes the gateway accepts, and a note of
 * which services could not be asked. An operation id two services both use ({@code list},
 * {@code create}) gets its service's name in front ({@code deployServiceList}): OpenAPI wants them
 * unique, and a generated client names its methods by them. A pure function over JSON trees.
 */
final class OpenApiMerger {

    static final String BEARER = "bearerJwt";
    static final String API_KEY = "apiKey";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private OpenApiMerger() {
    }

    /** A service's document, or why it is missing. */
    record Source(String service, JsonNode document, String unavailable) {
        static Source of(String service, JsonNode document) {
            return new Source(service, document, null);
        }

        static Source missing(String service, String why) {
            return new Source(service, null, why);
        }
    }

    /** How many services use each operation id. */
    private static Map<String, Integer> operationIdUse(List<Source> sources) {
        Map<String, Integer> use = new java.util.HashMap<>();
        for (Source source : sources) {
            if (source.document() == null) {
                continue;
            }
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (Map.Entry<String, JsonNode> path : source.document().path("paths").properties()) {
                for (JsonNode operation : path.getValue()) {
                    String id = operation.path("operationId").asString(null);
                    if (id != null) {
                        ids.add(id);
                    }
                }
            }
            ids.forEach(id -> use.merge(id, 1, Integer::sum));
        }
        return use;
    }

    /** {@code deploy-service} → {@code deployService} */
    private static String camel(String service) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : service.toCharArray()) {
            if (c == '-' || c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    static ObjectNode merge(List<Source> sources, String version) {
        ObjectNode root = JSON.createObjectNode();
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "Release Control API");
        info.put("version", version);
        info.put("description", "The public API of Release Control, served by the gateway. Bots send X-API-Key, "
                + "people Authorization: Bearer <JWT>. Errors are application/problem+json (RFC 9457).");
        root.putArray("servers").addObject().put("url", "/");
        ArrayNode security = root.putArray("security");
        security.addObject().putArray(BEARER);
        security.addObject().putArray(API_KEY);
        ArrayNode tags = root.putArray("tags");
        ObjectNode paths = root.putObject("paths");
        ObjectNode components = root.putObject("components");
        ArrayNode status = root.putArray("x-rc-services");
        Map<String, Integer> services = operationIdUse(sources);

        for (Source source : sources) {
            ObjectNode entry = status.addObject();
            entry.put("service", source.service());
            if (source.document() == null) {
                entry.put("status", "unavailable");
                entry.put("detail", source.unavailable());
                continue;
            }
            entry.put("status", "merged");
            JsonNode doc = source.document();
            for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
                if (!paths.has(path.getKey())) {
                    JsonNode item = path.getValue().deepCopy();
                    for (JsonNode operation : item) {
                        String id = operation.path("operationId").asString(null);
                        if (id != null && services.getOrDefault(id, 0) > 1 && operation instanceof ObjectNode o) {
                            o.put("operationId", camel(source.service()) + Character.toUpperCase(id.charAt(0))
                                    + id.substring(1));
                        }
                    }
                    paths.set(path.getKey(), item);
                }
            }
            for (Map.Entry<String, JsonNode> kind : doc.path("components").properties()) {
                if (kind.getKey().equals("securitySchemes")) {
                    continue;
                }
                ObjectNode target = components.has(kind.getKey()) ? (ObjectNode) components.get(kind.getKey())
                        : components.putObject(kind.getKey());
                for (Map.Entry<String, JsonNode> named : kind.getValue().properties()) {
                    if (!target.has(named.getKey())) {
                        target.set(named.getKey(), named.getValue());
                    }
                }
            }
            for (JsonNode tag : doc.path("tags")) {
                boolean known = false;
                for (JsonNode t : tags) {
                    known |= t.path("name").equals(tag.path("name"));
                }
                if (!known) {
                    tags.add(tag);
                }
            }
        }

        ObjectNode schemes = components.putObject("securitySchemes");
        ObjectNode bearer = schemes.putObject(BEARER);
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("bearerFormat", "JWT");
        bearer.put("description", "JWT from the configured issuer; roles in the roles claim (viewer, deployer, admin)");
        ObjectNode apiKey = schemes.putObject(API_KEY);
        apiKey.put("type", "apiKey");
        apiKey.put("in", "header");
        apiKey.put("name", "X-API-Key");
        apiKey.put("description", "API key for bots, created by an admin (POST /api/v1/admin/api-keys)");
        return root;
    }
}
