package dev.docent.security.service;

import dev.docent.security.config.SecurityConfig;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.util.List;

/**
 * Secure by default: on start, makes sure an admin key exists. With {@code DOCENT_BOOTSTRAP_ADMIN_KEY} that key
 * is stored (hash only); otherwise, when no admin key exists yet, one is created and printed once to the
 * console. Replicas starting together serialise on an advisory lock, so only one key is created.
 */
@ApplicationScoped
public class BootstrapAdminKey {
    private static final long LOCK_ID = 0x646f63656e74L; // "docent"

    private final ApiKeys keys;
    private final SecurityConfig config;

    BootstrapAdminKey(ApiKeys keys, SecurityConfig config) {
        this.keys = keys;
        this.config = config;
    }

    @Transactional
    void onStart(@Observes StartupEvent event) {
        Panache.getEntityManager()
                .createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, LOCK_ID)
                .getSingleResult();
        var supplied = config.bootstrapAdminKey().filter(k -> !k.isBlank());
        if (supplied.isPresent()) {
            if (supplied.get().strip().length() < 20) {
                throw new IllegalStateException("DOCENT_BOOTSTRAP_ADMIN_KEY must be at least 20 characters");
            }
            keys.ensure(supplied.get().strip(), "admin", List.of(Caller.SCOPE_ADMIN));
            return;
        }
        if (!keys.anyActiveAdmin()) {
            ApiKeyView key = keys.create("admin", List.of(Caller.SCOPE_ADMIN), List.of(), null, "bootstrap");
            // Printed once, to the console only; only its hash is stored. Not logged through the log system.
            System.out.println("\n=== Docent: first start, admin API key (shown once, store it now) ===\n"
                    + key.secret() + "\n=== use it as: Authorization: Bearer <key> ===\n");
        }
    }
}
