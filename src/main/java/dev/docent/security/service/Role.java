package dev.docent.security.service;

import java.util.Locale;

/** A caller's role in one collection; each role includes the ones before it. */
public enum Role {
    /** Search and ask. */
    READER,
    /** Also upload, re-ingest and delete documents. */
    WRITER,
    /** Also manage members. */
    ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public static Role parse(String value) {
        return Role.valueOf(value.strip().toUpperCase(Locale.ROOT));
    }
}
