package dev.docent.shared.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import dev.docent.shared.text.StorableText;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Request bodies hold only values the database can store as sent: strings (values and object keys) without NUL
 * characters or unpaired surrogates, and instants within PostgreSQL's {@code timestamptz} range. Anything else is a
 * 400 naming the field, instead of a database error after the request was accepted.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    /** PostgreSQL's {@code timestamptz} range: 4713 BC to 294276 AD. */
    static final Instant MIN = Instant.parse("-4712-01-01T00:00:00Z");

    static final Instant MAX = Instant.parse("+294275-12-31T23:59:59Z");

    /** After Quarkus's own customizers: its Java time module must not replace the instant check. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(module());
        // a value of the wrong JSON type is refused, not converted: "5" is no number, 2.7 no integer, 5 no string
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(scalar).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // one JSON value per body, each key once
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** The module on its own, for mappers Quarkus does not build (a multipart field's JSON). */
    public static SimpleModule module() {
        return new SimpleModule("docent-strict-json")
                .addDeserializer(String.class, new Strings())
                .addKeyDeserializer(String.class, new Keys())
                .addDeserializer(Instant.class, new Instants());
    }

    private static final class Strings extends StdScalarDeserializer<String> {
        Strings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return storable(p, StringDeserializer.instance.deserialize(p, ctxt));
        }
    }

    private static final class Keys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            return storable(ctxt.getParser(), key);
        }
    }

    private static final class Instants extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            Instant value = InstantDeserializer.INSTANT.deserialize(p, ctxt);
            if (value != null && (value.isBefore(MIN) || value.isAfter(MAX))) {
                throw new Unstorable(
                        p, "is outside the dates that can be stored (4713 BC to 294276 AD)", Instant.class);
            }
            return value;
        }
    }

    private static String storable(JsonParser p, String value) throws Unstorable {
        if (!StorableText.isStorable(value)) {
            throw new Unstorable(p, StorableText.REASON, String.class);
        }
        return value;
    }

    /** A well-formed value the database cannot store; its message is the client's detail after the field name. */
    static final class Unstorable extends InvalidFormatException {
        Unstorable(JsonParser p, String reason, Class<?> type) {
            super(p, reason, null, type);
        }
    }
}
