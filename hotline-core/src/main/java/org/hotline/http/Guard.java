package org.hotline.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Decides, for one request to one operation, whether it may proceed: authenticates the caller and checks the
 * roles the OpenAPI document declares for the operation ({@code x-roles}). The single place authorisation by role
 * happens; data scope is then applied by the services from the caller's unit.
 */
public interface Guard {

    /** Roles value meaning "anyone, no login". */
    String PUBLIC = "public";
    /** Roles value meaning "any logged-in staff member". */
    String AUTHENTICATED = "authenticated";

    /** Completes when the request may proceed; fails with a 401/403 {@link ProblemException} otherwise. */
    Future<Void> check(RoutingContext rc, String operationId, Set<String> roles);
}
