package dev.docent.security.service;

import dev.docent.security.config.SecurityConfig;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The daily LLM token budget per credential ({@code docent.security.daily-token-budget}). Answers check it before
 * calling a provider and charge the tokens the provider reported afterwards, so one answer may overshoot by its
 * own size; the next one is refused. Counted in PostgreSQL, so every replica sees the same total.
 */
@ApplicationScoped
public class TokenBudget {
    private final long dailyBudget;

    TokenBudget(SecurityConfig config) {
        this.dailyBudget = config.dailyTokenBudget();
    }

    /** Fails with 429 {@code token_budget_exhausted} when the caller has used up today's budget. */
    @Transactional
    public void check(Optional<Caller> caller) {
        if (dailyBudget <= 0 || caller.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Number> used = Panache.getEntityManager()
                .createNativeQuery("SELECT tokens FROM token_usage WHERE credential = ?1 AND day = ?2")
                .setParameter(1, caller.get().credential())
                .setParameter(2, today())
                .getResultList();
        if (!used.isEmpty() && used.get(0).longValue() >= dailyBudget) {
            throw new DocentException(
                    ErrorCode.TOKEN_BUDGET_EXHAUSTED,
                    "This key has used its daily budget of " + dailyBudget + " LLM tokens; it renews at 00:00 UTC",
                    secondsUntilMidnightUtc());
        }
    }

    /** Adds the tokens an answer spent to the caller's total for today. */
    @Transactional
    public void charge(Optional<Caller> caller, long tokens) {
        if (dailyBudget <= 0 || caller.isEmpty() || tokens <= 0) {
            return;
        }
        Panache.getEntityManager()
                .createNativeQuery("INSERT INTO token_usage (credential, day, tokens) VALUES (?1, ?2, ?3)"
                        + " ON CONFLICT (credential, day) DO UPDATE SET tokens = token_usage.tokens + EXCLUDED.tokens")
                .setParameter(1, caller.get().credential())
                .setParameter(2, today())
                .setParameter(3, tokens)
                .executeUpdate();
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    static long secondsUntilMidnightUtc() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return Math.max(
                1,
                Duration.between(now, now.toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC))
                        .toSeconds());
    }
}
