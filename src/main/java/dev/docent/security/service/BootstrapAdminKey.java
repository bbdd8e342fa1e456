package dev.docent.security.service;

import dev.docent.security.config.SecurityConfig;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Secure by default: makes sure an admin key exists. With {@code DOCENT_BOOTSTRAP_ADMIN_KEY} that key is stored
 * (hash only); otherwise, when no admin key exists yet, one is created and printed once to the console. Runs at
 * start and, if the database was unreachable then, again before the first authentication. Replicas starting
 * together serialise on an advisory lock, so only one key is created.
 */
@ApplicationScoped
public class BootstrapAdminKey {
    private static final Logger LOG = Logger.getLogger(BootstrapAdminKey.class);
    private static final long LOCK_ID = 0x646f63656e74L; // "docent"

    private final ApiKeys keys;
    private final SecurityConfig config;
    private volatile boolean done;

    BootstrapAdminKey(ApiKeys keys, SecurityConfig config) {
        this.keys = keys;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        var supplied = config.bootstrapAdminKey().filter(k -> !k.isBlank());
        if (supplied.isPresent() && supplied.get().strip().length() < 20) {
            throw new IllegalStateException("DOCENT_BOOTSTRAP_ADMIN_KEY must be at least 20 characters");
        }
        try {
            ensure();
        } catch (RuntimeException e) {
            LOG.warnf(
                    "admin key bootstrap deferred until the database answers (%s)",
                    e.getClass().getSimpleName());
        }
    }

    /** Idempotent; cheap once done. */
    public void ensure() {
        if (done) {
            return;
        }
        synchronized (this) {
            if (!done) {
                QuarkusTransaction.requiringNew().run(this::bootstrap);
                done = true;
            }
        }
    }

    private void bootstrap() {
        Panache.getEntityManager()
                .createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, LOCK_ID)
                .getSingleResult();
        var supplied = config.bootstrapAdminKey().filter(k -> !k.isBlank());
        if (supplied.isPresent()) {
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
