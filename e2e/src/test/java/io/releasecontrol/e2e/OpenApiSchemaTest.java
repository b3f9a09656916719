package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The official OpenAPI 3.1 schema check on small documents, without the stack (MergedOpenApiLintIT uses it on the real one). */
class OpenApiSchemaTest {

    /** a small document as the gateway's merge makes them: a path with a parameter, a body, a component, an extension */
    private static final String GOOD = """
            {"openapi": "3.1.0", "info": {"title": "Release Control", "version": "1"},
             "x-rc-services": [{"name": "version-service", "status": "merged"}],
             "paths": {"/api/v1/things/{id}": {
               "get": {"operationId": "getThing", "tags": ["things"],
                 "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                 "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                               "default": {"description": "a problem", "content": {"application/problem+json": {"schema": {"type": "object"}}}}}},
               "post": {"operationId": "approveThing",
                 "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                 "requestBody": {"content": {"application/json": {"schema": {"type": "object", "additionalProperties": {"type": "number"}}}}},
                 "responses": {"202": {"description": "Accepted"}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "properties": {"name": {"type": ["string", "null"]}}}},
               "securitySchemes": {"apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}},
             "security": [{"apiKey": []}]}
            """;

    @Test
    void theSchemaIsTheOfficialOneFromTheClasspath() {
        assertThat(OpenApiSchema.ID).isEqualTo("https://spec.openapis.org/oas/3.1/schema/2025-09-15");
        assertThat(OpenApiSchema.class.getClassLoader().getResource("openapi/3.1/schema/2025-09-15")).isNotNull();
    }

    @Test
    void aWellFormedDocumentConforms() {
        assertThat(OpenApiSchema.violations(GOOD)).isEmpty();
    }

    // one mistake each, in a copy of the good document; the violation names where it is
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no info                              | "info": {"title": "Release Control", "version": "1"}, | ''                            | #
            an OpenAPI 3.0 version               | "openapi": "3.1.0"                  | "openapi": "3.0.3"                   | #/openapi
            a path not starting with /           | "/api/v1/things/{id}"               | "api/v1/things/{id}"                 | #/paths
            a parameter in the body (Swagger 2)  | "in": "path"                        | "in": "body"                         | #/paths/~1api~1v1~1things~1{id}/get/parameters/0/in
            a response code that is none         | "202": {"description": "Accepted"}  | "2000": {"description": "Accepted"}  | #/paths/~1api~1v1~1things~1{id}/post/responses
            a response without description       | "202": {"description": "Accepted"}  | "202": {}                            | #/paths/~1api~1v1~1things~1{id}/post/responses/202
            a request body without content       | "requestBody": {"content"           | "requestBody": {"description": "x", "x-content" | #/paths/~1api~1v1~1things~1{id}/post/requestBody
            an unknown field, no x- prefix       | "x-rc-services"                     | "rc-services"                        | #
            """)
    void aDocumentBreakingTheSpecificationIsRefused(String mistake, String good, String bad, String where) {
        String document = GOOD.replace(good, bad);
        assertThat(document).as("the mistake is made").isNotEqualTo(GOOD);
        assertThat(OpenApiSchema.violations(document)).as(mistake).isNotEmpty()
                .anySatisfy(v -> assertThat(v).startsWith(where + ": "));
    }
}
