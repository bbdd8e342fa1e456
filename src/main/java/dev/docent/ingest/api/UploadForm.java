package dev.docent.ingest.api;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * The fields an upload's multipart body may hold. A misspelt field is refused, not ignored: "aclgroups" for
 * "aclGroups" would leave the document readable by every reader of the collection. Only {@code file} may repeat.
 */
final class UploadForm {
    static final Set<String> FIELDS = Set.of("file", "externalId", "aclGroups", "metadata");

    private UploadForm() {}

    static void requireKnownFields(MultipartFormDataInput form) {
        if (form == null) {
            return;
        }
        for (Map.Entry<String, Collection<FormValue>> part : form.getValues().entrySet()) {
            String name = part.getKey();
            if (!FIELDS.contains(name)) {
                throw new DocentException(
                        ErrorCode.VALIDATION_FAILED,
                        "unknown form field '" + clip(name) + "'; known fields: "
                                + String.join(", ", new TreeSet<>(FIELDS)));
            }
            if (!"file".equals(name) && part.getValue().size() > 1) {
                throw new DocentException(
                        ErrorCode.VALIDATION_FAILED, "form field '" + name + "' is given more than once");
            }
        }
    }

    private static String clip(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }
}
