package io.releasecontrol.e2e;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * The OpenAPI Initiative's JSON Schema for OpenAPI 3.1 documents, as a check of a whole document:
 * the structure the specification requires (required fields, where each object may stand, patterns
 * of paths, response codes and component names, no unknown fields but {@code x-} extensions).
 * Schema Objects inside the document are left to their own dialect, as the official schema does.
 *
 * <p>The schema is the one published at {@value #ID} (the OAI's current iteration of the 3.1 schema,
 * which superseded {@code .../oas/3.1/schema/2022-10-07}; © the OpenAPI Initiative, Apache License
 * 2.0). It is read from the classpath, where {@code io.openapiprocessor:openapi-parser} bundles it at
 * {@value #RESOURCE}: nothing is fetched, and no other schema is loaded than it and JSON Schema
 * 2020-12's meta-schemas, which the validator (networknt json-schema-validator) bundles.
 */
final class OpenApiSchema {

    /** the official schema's {@code $id}: pinned, so an update of the bundling artifact that moves it fails loudly */
    static final String ID = "https://spec.openapis.org/oas/3.1/schema/2025-09-15";
    private static final String RESOURCE = "openapi/3.1/schema/2025-09-15";

    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                    registry -> registry.schemaLoader(loader -> loader.fetchRemoteResources(false)
                            .schemaIdResolvers(ids -> ids.mapPrefix(ID, "classpath:" + RESOURCE))))
            .getSchema(SchemaLocation.of(ID));

    private OpenApiSchema() {
    }

    /**
     * How the JSON document breaks the schema, one line each, where as a JSON Pointer fragment:
     * {@code #/paths/~1things/post/requestBody: required property 'content' not found}. Empty when
     * it conforms.
     */
    static List<String> violations(String document) {
        List<Error> errors = SCHEMA.validate(document, InputFormat.JSON);
        return errors.stream().map(e -> "#" + e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }
}
