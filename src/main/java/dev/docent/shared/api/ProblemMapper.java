package dev.docent.shared.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.docent.ops.config.OpsConfig;
import dev.docent.ops.logging.RequestIdFilter;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
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

    ProblemMapper(OpsConfig ops) {
        this.retryAfterSeconds = Math.max(1, (ops.retryAfter().toMillis() + 999) / 1000);
    }

    @ServerExceptionMapper
    public Response docent(DocentException e) {
        if (e.errorCode() == ErrorCode.UNAVAILABLE) {
            return unavailable(e.getMessage());
        }
        if (e.errorCode() == ErrorCode.INTERNAL && DependencyFailures.isDatabaseUnavailable(e)) {
            return databaseUnavailable(e);
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
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.VALIDATION_FAILED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405, 406 -> ErrorCode.VALIDATION_FAILED;
            case 413 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_TYPE;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED;
        };
        String generic = "Request could not be processed (HTTP " + status + ")";
        String detail = status == 404
                ? "Resource not found"
                : status == 400 ? JsonProblems.detail(e).orElse(generic) : generic;
        return Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem(TYPE_BASE + code.code(), code.title(), status, detail, code.code(), null))
                .build();
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

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (DependencyFailures.isDatabaseUnavailable(e)) {
            return databaseUnavailable(e);
        }
        String traceId = newTraceId();
        LOG.errorf(e, "unexpected error %s", traceId);
        return respond(ErrorCode.INTERNAL, "Unexpected error; quote trace id " + traceId, traceId);
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

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String newTraceId() {
        Object requestId = MDC.get(RequestIdFilter.MDC_KEY);
        return requestId != null ? requestId.toString() : UUID.randomUUID().toString();
    }
}
