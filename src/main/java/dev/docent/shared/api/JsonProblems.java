package dev.docent.shared.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Human details for request bodies that Jackson could not read: which field, what was wrong, what is accepted.
 * Never a Java class name: types are described as JSON types ("a number", "one of: vector, keyword, hybrid").
 */
final class JsonProblems {

    private static final int MAX_NAME_CHARS = 64;

    private JsonProblems() {}

    /** The detail for the first Jackson failure in {@code e}'s cause chain, if there is one. */
    static Optional<String> detail(Throwable e) {
        Throwable t = e;
        for (int i = 0; i < 16 && t != null; i++) {
            if (t instanceof JsonProcessingException json) {
                return Optional.of(describe(json));
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return Optional.empty();
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof PropertyBindingException unknown) {
            String known = unknown.getKnownPropertyIds() == null
                    ? ""
                    : unknown.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .filter(name -> !ignored(unknown.getReferringClass(), name))
                            .sorted()
                            .collect(Collectors.joining(", ", "; known fields: ", ""));
            return "unknown field '" + path(unknown) + "'" + known;
        }
        if (e instanceof StrictJson.Unstorable unstorable) {
            return "field '" + path(unstorable) + "' " + unstorable.getOriginalMessage();
        }
        if (e instanceof InvalidFormatException invalid) {
            return "field '" + path(invalid) + "': " + quoted(invalid.getValue()) + " is not " + expected(invalid);
        }
        if (e instanceof ValueInstantiationException bad
                && bad.getType() != null
                && bad.getType().isEnumType()) {
            return "field '" + path(bad) + "' must be " + oneOf(bad.getType().getRawClass());
        }
        if (e instanceof MismatchedInputException mismatched) {
            String field = path(mismatched);
            return field.isEmpty()
                    ? "the request body must be " + expected(mismatched)
                    : "field '" + field + "' must be " + expected(mismatched);
        }
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException)) {
            JsonLocation at = e.getLocation();
            return at == null || at.getLineNr() < 0
                    ? "the request body is not valid JSON"
                    : "the request body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr()
                            + ")";
        }
        String field = path((JsonMappingException) e);
        return field.isEmpty() ? "the request body could not be read" : "field '" + field + "' could not be read";
    }

    /** Fields the server sets itself ({@code @JsonIgnore}) are known to Jackson but are not the client's to send. */
    private static boolean ignored(Class<?> type, String name) {
        if (type == null) {
            return false;
        }
        try {
            return type.getDeclaredField(name).isAnnotationPresent(JsonIgnore.class);
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    /** Dotted path of the failing field, with list indexes: {@code filters.documentIds[0]}. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                String name = ref.getFieldName();
                // a client's field name is echoed, so a 40 kB one must not make a 40 kB problem
                sb.append(name.length() > MAX_NAME_CHARS ? name.substring(0, MAX_NAME_CHARS) + "..." : name);
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String expected(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        if (type == null) {
            return "a valid value";
        }
        if (type.isEnum()) {
            return oneOf(type);
        }
        if (Number.class.isAssignableFrom(type)
                || (type.isPrimitive() && type != boolean.class && type != char.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 instant such as 2026-01-31T00:00:00Z";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a valid value";
    }

    /** The enum's constants as clients write them (Docent's API enums serialise in lower case). */
    private static String oneOf(Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ", "one of: ", ""));
    }

    private static String quoted(Object value) {
        String s = String.valueOf(value);
        if (s.length() > 60) {
            s = s.substring(0, 60) + "...";
        }
        return value instanceof String ? "\"" + s + "\"" : s;
    }
}
