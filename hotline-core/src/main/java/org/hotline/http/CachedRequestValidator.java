package org.hotline.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Vert.x's request validator, same checks and same errors, made cheap enough for the hot path. As shipped (5.0.7) it
 * builds a new schema validator for every parameter and body of every request, copying the contract's whole schema
 * lookup table each time, and hops to a worker thread to do it: a profile of order intake at saturation found 14 % of
 * the server's CPU there. Here each schema's validator is built once and kept (they are immutable), and a request is
 * validated where it arrives: its JSON is already parsed and bounded by the body limit.
 */
final class CachedRequestValidator extends RequestValidatorImpl {

    private final OpenAPIContract contract;

    private CachedRequestValidator(Vertx vertx, OpenAPIContract cached) {
        super(vertx, cached);
        this.contract = cached;
    }

    static CachedRequestValidator create(Vertx vertx, OpenAPIContract contract) {
        return new CachedRequestValidator(vertx, new CachingContract(contract));
    }

    @Override
    public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
        Operation op = contract.operation(operationId);
        if (op == null) {
            return super.validate(request, operationId);
        }
        try {
            Map<String, RequestParameter> cookies = new HashMap<>();
            Map<String, RequestParameter> headers = new HashMap<>();
            Map<String, RequestParameter> path = new HashMap<>();
            Map<String, RequestParameter> query = new HashMap<>();
            for (Parameter p : op.getParameters()) {
                String name = p.getName();
                switch (p.getIn()) {
                    case COOKIE -> cookies.put(name, validateParameter(p, request.getCookies().get(name)));
                    case HEADER -> headers.put(name, validateParameter(p, request.getHeaders().get(name)));
                    case PATH -> path.put(name, validateParameter(p, request.getPathParameters().get(name)));
                    case QUERY -> query.put(name, validateParameter(p, request.getQuery().get(name)));
                    default -> {
                    }
                }
            }
            RequestParameter body = validateBody(op.getRequestBody(), request);
            return Future.succeededFuture(new ValidatedRequestImpl(cookies, headers, path, query, body));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The contract as it is, with a schema repository that keeps the validators it builds. */
    private record CachingContract(OpenAPIContract delegate, SchemaRepository repository) implements OpenAPIContract {

        CachingContract(OpenAPIContract delegate) {
            this(delegate, new CachingRepository(delegate.getSchemaRepository()));
        }

        @Override
        public Operation operation(String operationId) {
            return delegate.operation(operationId);
        }

        @Override
        public List<Operation> operations() {
            return delegate.operations();
        }

        @Override
        public List<Path> getPaths() {
            return delegate.getPaths();
        }

        @Override
        public JsonObject getRawContract() {
            return delegate.getRawContract();
        }

        @Override
        public OpenAPIVersion getVersion() {
            return delegate.getVersion();
        }

        @Override
        public SchemaRepository getSchemaRepository() {
            return repository;
        }

        @Override
        public List<Server> getServers() {
            return delegate.getServers();
        }

        @Override
        public Path findPath(String urlPath) {
            return delegate.findPath(urlPath);
        }

        @Override
        public Operation findOperation(String urlPath, HttpMethod method) {
            return delegate.findOperation(urlPath, method);
        }

        @Override
        public List<SecurityRequirement> getSecurityRequirements() {
            return delegate.getSecurityRequirements();
        }

        @Override
        public SecurityScheme securityScheme(String name) {
            return delegate.securityScheme(name);
        }
    }

    /**
     * Keeps one validator per schema object. The contract hands out the same schema object for a parameter or body on
     * every request, so identity is the key (hashing a schema's JSON per request would cost what we save).
     */
    private static final class CachingRepository implements SchemaRepository {

        private final SchemaRepository delegate;
        private final Map<IdentityKey, Validator> validators = new ConcurrentHashMap<>();

        CachingRepository(SchemaRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public Validator validator(JsonSchema schema) {
            return validators.computeIfAbsent(new IdentityKey(schema), k -> delegate.validator(schema));
        }

        @Override
        public SchemaRepository dereference(JsonSchema schema) {
            delegate.dereference(schema);
            return this;
        }

        @Override
        public SchemaRepository dereference(String uri, JsonSchema schema) {
            delegate.dereference(uri, schema);
            return this;
        }

        @Override
        public SchemaRepository preloadMetaSchema(FileSystem fs) {
            delegate.preloadMetaSchema(fs);
            return this;
        }

        @Override
        public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
            delegate.preloadMetaSchema(fs, draft);
            return this;
        }

        @Override
        public Validator validator(String ref) {
            return delegate.validator(ref);
        }

        @Override
        public Validator validator(String ref, JsonSchemaOptions options) {
            return delegate.validator(ref, options);
        }

        @Override
        public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
            return delegate.validator(schema, options, dereference);
        }

        @Override
        public JsonObject resolve(JsonObject schema) {
            return delegate.resolve(schema);
        }

        @Override
        public JsonSchema find(String pointer) {
            return delegate.find(pointer);
        }
    }

    private record IdentityKey(Object value) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && k.value == value;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(value);
        }
    }
}
