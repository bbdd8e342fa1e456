package dev.docent.shared.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details, Docent flavour: {@code code} is a stable, documented error code. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "Error response (application/problem+json)")
public record Problem(String type, String title, int status, String detail, String code, String traceId) {
    public static final String MEDIA_TYPE = "application/problem+json";
}
