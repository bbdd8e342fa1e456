package dev.docent.security.api;

import dev.docent.ingest.queue.JobQueue;
import dev.docent.security.service.ApiKeys;
import dev.docent.security.service.AuditLog;
import dev.docent.security.service.BootstrapAdminKey;
import dev.docent.security.service.Caller;
import dev.docent.security.service.CallerContext;
import dev.docent.security.service.CollectionAccess;
import dev.docent.security.service.JwtCallers;
import dev.docent.security.service.RateLimiter;
import dev.docent.security.service.Role;
import dev.docent.shared.api.Ids;
import dev.docent.shared.api.Problem;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every {@code /v1} request: authenticates the bearer credential (401 without a valid one), applies the
 * credential's rate limit (429 with {@code Retry-After}), and checks the caller's role in the collection the
 * path names (404 without any role, so existence is not disclosed; 403 when the role is too low).
 */
public class AuthFilter {
    /**
     * Any segment after {@code /v1/jobs/} or {@code /v1/collections/} is an id: it is checked here or refused here,
     * never passed on unchecked (a lenient spelling of an id would otherwise reach the resource unauthorised).
     */
    private static final Pattern JOB_PATH = Pattern.compile("^/v1/jobs/([^/]+)(/.*)?$");

    private static final Pattern COLLECTION_PATH = Pattern.compile("^/v1/collections/([^/]+)(/[^/]+)?(/.*)?$");

    private final ApiKeys keys;
    private final CallerContext callers;
    private final CollectionAccess access;
    private final RateLimiter limiter;
    private final JwtCallers jwt;
    private final BootstrapAdminKey bootstrap;
    private final JobQueue jobs;
    private final AuditLog audit;
    private static final String AUDIT_EVENT = "docent.auditEvent";
    private static final Logger LOG = Logger.getLogger(AuthFilter.class);

    AuthFilter(
            AuditLog audit,
            JobQueue jobs,
            ApiKeys keys,
            CallerContext callers,
            CollectionAccess access,
            RateLimiter limiter,
            JwtCallers jwt,
            BootstrapAdminKey bootstrap) {
        this.jwt = jwt;
        this.bootstrap = bootstrap;
        this.jobs = jobs;
        this.audit = audit;
        this.keys = keys;
        this.callers = callers;
        this.access = access;
        this.limiter = limiter;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1/")) {
            return Optional.empty();
        }
        bootstrap.ensure();
        Optional<String> token = bearer(request);
        Optional<Caller> caller = token.flatMap(keys::authenticate)
                .or(() -> token.filter(JwtCallers::looksLikeJwt).flatMap(jwt::authenticate));
        if (caller.isEmpty()) {
            return Optional.of(problem(
                            ErrorCode.UNAUTHENTICATED,
                            "A valid API key or token is required: Authorization: Bearer <key or token>")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"docent\"")
                    .build());
        }
        callers.set(caller.get());
        String method = request.getMethod();
        RateLimiter.Decision decision = limiter.tryAcquire(caller.get().credential(), endpointClass(path, method));
        if (!decision.allowed()) {
            return Optional.of(problem(ErrorCode.RATE_LIMITED, "Rate limit reached; retry later")
                    .header("Retry-After", decision.retryAfterSeconds())
                    .build());
        }
        authorize(caller.get(), path, method);
        auditAction(path, method)
                .ifPresent(action -> request.setProperty(
                        AUDIT_EVENT,
                        audit.record(caller.get().principal(), action, path, java.util.Map.of("request_bytes", (long)
                                Math.max(0, request.getLength())))));
        return Optional.empty();
    }

    /**
     * Completes the audit row of a recorded request with its status, so a refused upload (a 400, a 403) does not read
     * as one that happened. A failure here leaves the status unknown (NULL), never the response changed.
     */
    @ServerResponseFilter
    public void auditOutcome(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(AUDIT_EVENT) instanceof Long event) {
            try {
                audit.outcome(event, response.getStatus());
            } catch (RuntimeException e) {
                LOG.warnf("audit: could not record the outcome of event %d: %s", event, e.getMessage());
            }
        }
    }

    /** Actions the audit log records here (key and collection creation are recorded by their services). */
    static Optional<String> auditAction(String path, String method) {
        Matcher m = COLLECTION_PATH.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        String section = m.group(2) == null ? "" : m.group(2);
        String rest = m.group(3) == null ? "" : m.group(3);
        return Optional.ofNullable(
                switch (method + " " + section) {
                    case "POST /answers" -> "answer.ask";
                    case "POST /documents" -> rest.endsWith("/reingest") ? "document.reingest" : "document.upload";
                    case "DELETE /documents" -> "document.delete";
                    case "PUT /documents" -> rest.endsWith("/metadata") ? "document.metadata" : "document.acl";
                    case "PUT /members" -> "member.set";
                    case "DELETE /members" -> "member.remove";
                    case "DELETE " -> "collection.delete";
                    case "PATCH " -> "collection.update";
                    default -> null;
                });
    }

    private void authorize(Caller caller, String path, String method) {
        if (path.startsWith("/v1/keys") && !caller.isAdmin()) {
            throw new DocentException(ErrorCode.FORBIDDEN, "Managing keys needs the admin scope");
        }
        if (("/v1/collections".equals(path) || "/v1/collections/".equals(path))
                && "POST".equals(method)
                && caller.scopeCap() == Role.READER) {
            // its creator becomes the collection's admin, which a read-only credential must not make itself
            throw new DocentException(ErrorCode.FORBIDDEN, "Creating a collection needs the write scope");
        }
        Matcher job = JOB_PATH.matcher(path);
        if (job.matches()) {
            authorizeJob(caller, id(job.group(1), "Job"));
            return;
        }
        Matcher m = COLLECTION_PATH.matcher(path);
        if (m.matches()) {
            access.require(caller, id(m.group(1), "Collection"), requiredRole(m.group(2), method));
        }
    }

    /** The id a path segment names; not found unless it is spelled canonically ({@link Ids}). */
    private static UUID id(String segment, String what) {
        if (!Ids.isCanonical(segment)) {
            throw new DocentException(ErrorCode.NOT_FOUND, what + " not found");
        }
        return UUID.fromString(segment);
    }

    /** A job is visible to the readers of its collection; to anyone else it does not exist. */
    private void authorizeJob(Caller caller, UUID jobId) {
        DocentException notFound = new DocentException(ErrorCode.NOT_FOUND, "Job " + jobId + " not found");
        UUID collection = jobs.collectionOf(jobId).orElseThrow(() -> notFound);
        if (access.roleOf(caller, collection).isEmpty()) {
            throw notFound;
        }
    }

    /** Reader: read and ask; writer: change documents; admin: members and deleting the collection. */
    static Role requiredRole(String section, String method) {
        boolean read = "GET".equals(method) || "HEAD".equals(method);
        if (section == null) {
            return read ? Role.READER : Role.ADMIN;
        }
        return switch (section) {
            case "/members" -> Role.ADMIN;
            case "/search", "/answers", "/conversations" -> Role.READER;
            default -> read ? Role.READER : Role.WRITER;
        };
    }

    static RateLimiter.EndpointClass endpointClass(String path, String method) {
        if (path.endsWith("/search") || path.endsWith("/answers")) {
            return RateLimiter.EndpointClass.QUERY;
        }
        return "GET".equals(method) || "HEAD".equals(method)
                ? RateLimiter.EndpointClass.READ
                : RateLimiter.EndpointClass.WRITE;
    }

    private static Optional<String> bearer(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String secret = header.substring(7).strip();
        return secret.isEmpty() || secret.length() > 8192 ? Optional.empty() : Optional.of(secret);
    }

    private static Response.ResponseBuilder problem(ErrorCode code, String detail) {
        return Response.status(code.status())
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(
                        "https://docent.dev/problems/" + code.code(),
                        code.title(),
                        code.status(),
                        detail,
                        code.code(),
                        null));
    }
}
