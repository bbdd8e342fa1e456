package dev.docent.retrieve.rerank;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Light, language-agnostic term normalisation for reranking features: lower-case alphanumeric tokens, a short
 * English stop list, and a 5-character prefix as a crude stem of words (so "proteins" and "protein" match). A token
 * with a digit is an identifier (order number, part number, gene name, year) and is kept whole: "100013" must not
 * match "100017".
 */
final class QueryTerms {
    private static final Set<String> STOP = Set.of(
            "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "its",
            "of", "on", "or", "that", "the", "this", "to", "was", "were", "which", "with", "what", "how", "does", "do",
            "not", "no", "can", "than", "there", "these", "those", "into");

    private QueryTerms() {}

    static Set<String> of(String text) {
        Set<String> terms = new LinkedHashSet<>();
        if (text == null) {
            return terms;
        }
        for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!token.isEmpty() && !STOP.contains(token)) {
                terms.add(token.length() > 5 && !hasDigit(token) ? token.substring(0, 5) : token);
            }
        }
        return terms;
    }

    /** The identifiers among {@code terms}: tokens of at least 3 characters with a digit. */
    static Set<String> identifiers(Set<String> terms) {
        Set<String> ids = new LinkedHashSet<>();
        for (String t : terms) {
            if (t.length() >= 3 && hasDigit(t)) {
                ids.add(t);
            }
        }
        return ids;
    }

    /**
     * The acronyms and coined names of {@code query} as written, all capitals ("RMJM", "MEBT") or capitals inside a
     * word ("MicroStressBot", "iPhone"), as normalised terms, other than its {@link #identifiers(Set) identifiers}. A
     * dense model reads a rare one as noise ("What is RMJM?" was closest to lorem ipsum).
     */
    static Set<String> coined(String query) {
        Set<String> coined = new LinkedHashSet<>();
        if (query == null) {
            return coined;
        }
        for (String token : query.split("[^\\p{L}\\p{N}]+")) {
            if (isCoined(token)) {
                coined.addAll(of(token));
            }
        }
        coined.removeAll(identifiers(of(query)));
        return coined;
    }

    private static boolean isCoined(String token) {
        int letters = 0;
        int upper = 0;
        boolean innerUpper = false;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                    innerUpper |= i > 0 && Character.isLowerCase(token.charAt(i - 1));
                }
            }
        }
        return letters >= 2 && (upper == letters || innerUpper);
    }

    private static boolean hasDigit(String token) {
        for (int i = 0; i < token.length(); i++) {
            if (Character.isDigit(token.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Share of {@code query} terms found in {@code text} terms; 0 for an empty query. */
    static double coverage(Set<String> query, Set<String> text) {
        if (query.isEmpty()) {
            return 0;
        }
        int hit = 0;
        for (String t : query) {
            if (text.contains(t)) {
                hit++;
            }
        }
        return (double) hit / query.size();
    }
}
