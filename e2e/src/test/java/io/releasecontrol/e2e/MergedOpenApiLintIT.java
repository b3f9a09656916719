package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's merged OpenAPI document, as the real services' springdoc and the gateway's merge
 * make it, read by swagger-parser — the parser OpenAPI client generators build on — with every
 * reference resolved: no message (a missing required field, a wrong type, an unresolvable
 * {@code $ref}, a duplicate operation id), and an OpenAPI 3.1 document; and the same document
 * validated against the OpenAPI Initiative's JSON Schema for 3.1 documents ({@link OpenApiSchema},
 * unit-tested without the stack in {@code OpenApiSchemaTest}).
 */
class MergedOpenApiLintIT {

    @Test
    void theMergedDocumentIsAValidOpenApi31Document() throws Exception {
        LocalStack stack = LocalStack.shared();
        var document = ApiFuzz.mergedDocument(HttpClient.newHttpClient(), stack.gatewayUrl(), stack.adminKey());
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document.toString(), null, options);
        System.out.println("e2e: merged OpenAPI document: " + (result.getOpenAPI() == null ? "unreadable"
                : result.getOpenAPI().getPaths().size() + " paths, openapi " + result.getOpenAPI().getOpenapi())
                + ", " + (result.getMessages() == null ? 0 : result.getMessages().size()) + " message(s)");
        assertThat(result.getMessages()).as("the parser's validation messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    }

    @Test
    void theMergedDocumentConformsToTheOfficialOpenApi31Schema() throws Exception {
        LocalStack stack = LocalStack.shared();
        var document = ApiFuzz.mergedDocument(HttpClient.newHttpClient(), stack.gatewayUrl(), stack.adminKey());
        List<String> violations = OpenApiSchema.violations(document.toString());
        System.out.println("e2e: merged OpenAPI document against " + OpenApiSchema.ID + ": " + violations.size()
                + " violation(s)");
        violations.forEach(v -> System.out.println("  " + v));
        assertThat(violations).as("violations of the OpenAPI Initiative's schema " + OpenApiSchema.ID).isEmpty();
    }
}
