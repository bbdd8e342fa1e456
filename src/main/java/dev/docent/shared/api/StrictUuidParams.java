package dev.docent.shared.api;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;

/**
 * Path and query parameters of type {@link UUID} accept only the canonical spelling ({@link Ids}), so that what a
 * resource reads is exactly what the auth filter checked. Anything else is not found.
 */
@Provider
public class StrictUuidParams implements ParamConverterProvider {

    private static final ParamConverter<UUID> CONVERTER = new ParamConverter<>() {
        @Override
        public UUID fromString(String value) {
            if (value == null) {
                return null;
            }
            if (!Ids.isCanonical(value)) {
                throw new NotFoundException("Not a valid id");
            }
            return UUID.fromString(value);
        }

        @Override
        public String toString(UUID value) {
            return value == null ? null : value.toString();
        }
    };

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == UUID.class ? (ParamConverter<T>) CONVERTER : null;
    }
}
