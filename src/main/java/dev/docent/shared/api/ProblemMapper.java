package dev.docent.shared.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.docent.ops.config.OpsConfig;
import dev.docent.ops.logging.RequestIdFilter;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The single place where exceptions become HTTP responses. Clients get a stable code and a human detail;
 * never a class name or a stack trace. Unexpected failures are logged with a trace id the client can quote
 * (the request id when there is one). A database that cannot be reached is 503 {@code unavailable} with
 * {@code Retry-After}, wherever in the cause chain the connection failure sits.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final String TYPE_BASE = "https://docent.dev/problems/";

    private final long retryAfterSeconds;
    private final Routes routes;

    ProblemMapper(OpsConfig ops, Routes routes) {
        this.retryAfterSeconds = Math.max(1, (ops.retryAfter().toMillis() + 999) / 1000);
        this.routes = routes;
    }

    @ServerExceptionMapper
    public Response docent(DocentException e) {
        if (e.errorCode() == ErrorCode.UNAVAILABLE) {
            return unavailable(e.getMessage());
        }
        if (e.errorCode() == ErrorCode.INTERNAL && DependencyFailures.isDatabaseUnavailable(e)) {
            return databaseUnavailable(e);
        }
        if (e.errorCode() == ErrorCode.INTERNAL && DependencyFailures.isBadValue(e)) {
            return badValue(e);
        }
        if (e.errorCode() == ErrorCode.INTERNAL) {
            String traceId = newTraceId();
            LOG.errorf(e, "internal error %s", traceId);
            return respond(e.errorCode(), e.getMessage(), traceId);
        }
        Response response = respond(e.errorCode(), e.getMessage(), null);
        return e.retryAfterSeconds()
                .map(seconds -> Response.fromResponse(response)
                        .header("Retry-After", Long.toString(seconds))
                        .build())
                .orElse(response);
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request");
        return respond(ErrorCode.VALIDATION_FAILED, detail, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        String allow = e.getResponse().getHeaderString("Allow");
        if (status == 404 || status == 405) {
            // a path the API has, asked with a method it does not answer there, is a 405 naming the ones it does
            Set<String> allowed = routes.allowed(request.path());
            if (!allowed.isEmpty() && !allowed.contains(request.method().name())) {
                status = 405;
                allow = String.join(", ", allowed);
            }
        }
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.VALIDATION_FAILED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED;
        };
        String detail = switch (status) {
            case 404 -> "Resource not found";
            case 405 ->
                "This resource does not answer this method"
                        + (allow == null || allow.isBlank() ? "" : "; allowed: " + allow);
            case 406 -> "This resource answers only application/json (or text/event-stream where streaming is offered)";
            case 413 -> "The request is larger than the server accepts";
            case 415 ->
                "This resource does not read the request's Content-Type; send application/json (uploads:"
                        + " multipart/form-data)";
            case 400 -> JsonProblems.detail(e).orElse("Request could not be processed (HTTP 400)");
            default -> "Request could not be processed (HTTP " + status + ")";
        };
        Response.ResponseBuilder response = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(TYPE_BASE + code.code(), code.title(), status, detail, code.code(), null));
        if (allow != null) {
            response.header("Allow", allow);
        }
        return response.build();
    }

    /** A request body Jackson could not read, when it reaches us unwrapped. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof InvalidDefinitionException) {
            return unexpected(e); // our type cannot be (de)serialised: a bug, not a bad request
        }
        return respond(ErrorCode.VALIDATION_FAILED, JsonProblems.describe(e), null);
    }

    /** More specific than Quarkus's own mapper for it, which answers plain JSON with our class names. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return respond(ErrorCode.VALIDATION_FAILED, JsonProblems.describe(e), null);
    }

    /**
     * A request body that ended before its multipart structure did (a client cut off, a wrong boundary): the
     * client's fault. Other I/O failures are ours.
     */
    @ServerExceptionMapper
    public Response io(java.io.IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("multipart")) {
            return respond(
                    ErrorCode.VALIDATION_FAILED,
                    "The multipart body could not be read: it ends early or its boundary does not match the"
                            + " Content-Type's.",
                    null);
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DependencyFailures.isDatabaseUnavailable(e)) {
            return databaseUnavailable(e);
        }
        if (DependencyFailures.isBadValue(e)) {
            return badValue(e);
        }
        String traceId = newTraceId();
        LOG.errorf(e, "unexpected error %s", traceId);
        return respond(ErrorCode.INTERNAL, "Unexpected error; quote trace id " + traceId, traceId);
    }

    /**
     * The database refused a value (a NUL character, a date out of range) that request validation let through: the
     * request's fault, so 400, logged without a stack trace so that such values can be caught earlier.
     */
    private static Response badValue(Exception e) {
        LOG.infof("database refused a request value (%s); answering 400", rootMessage(e));
        return respond(
                ErrorCode.VALIDATION_FAILED,
                "A value in the request cannot be stored: it holds a NUL character or an unpaired surrogate, or a"
                        + " number or date out of range.",
                null);
    }

    private Response databaseUnavailable(Exception e) {
        // No stack trace: an outage produces one of these per request; readiness reports it too.
        LOG.warnf("database unavailable (%s); answering 503", rootMessage(e));
        return unavailable("The database is unavailable; retry in " + retryAfterSeconds + " s");
    }

    private Response unavailable(String detail) {
        ErrorCode code = ErrorCode.UNAVAILABLE;
        return Response.status(code.status())
                .type(Problem.MEDIA_TYPE)
                .header("Retry-After", Long.toString(retryAfterSeconds))
                .entity(new Problem(TYPE_BASE + code.code(), code.title(), code.status(), detail, code.code(), null))
                .build();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 32 && t.getCause() != null && t.getCause() != t; i++) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    static Response respond(ErrorCode code, String detail, String traceId) {
        return Response.status(code.status())
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(TYPE_BASE + code.code(), code.title(), code.status(), detail, code.code(), traceId))
                .build();
    }

    /** The violated field: {@code scopes[0]} for {@code create.request.scopes[0].<list element>}. */
    /** "answer.request.filters.metadata&lt;K&gt;[].&lt;map key&gt;" names the field: "metadata". */
    private static String lastNode(String path) {
        String p = path.replaceAll("\\.?<[^>]*>", "").replace("[]", "");
        int dot = p.lastIndexOf('.');
        return dot < 0 ? p : p.substring(dot + 1);
    }

    private static String newTraceId() {
        Object requestId = MDC.get(RequestIdFilter.MDC_KEY);
        return requestId != null ? requestId.toString() : UUID.randomUUID().toString();
    }
}
