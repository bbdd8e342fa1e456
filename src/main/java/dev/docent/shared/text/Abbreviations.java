package dev.docent.shared.text;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Words after whose period a sentence does not end ("e.g.", "Dr.", "pp.", "U.S."), for every place that cuts text
 * into sentences (chunk boundaries, quoted sentences), so that they agree. A token is judged by its letters: what
 * precedes them is dropped, so "(Fig." and "1,pp." and "21U.S.C." read as "fig", "pp" and "u.s.c".
 */
public final class Abbreviations {
    /** Lower case, without the final period. */
    private static final Set<String> WORDS = Set.of(
            ("e.g i.e al cf vs viz fig figs eq eqs ref refs sec ch no nos vol vols p pp ed eds approx ca dr mr mrs ms "
                            + "prof sr jr st mt gen col lt sgt capt rev hon u.s u.k u.n e.u a.m p.m ph.d inc ltd co corp "
                            + "dept univ jan feb mar apr jun jul aug sep sept oct nov dec est min max resp incl excl tab "
                            + "app art bldg ste apt rm hwy ave blvd tel ext govt assn mfg")
                    .split(" "));

    /** Single letters joined by periods: "U.S.C", "a.k.a", "N.Y". */
    private static final Pattern DOTTED = Pattern.compile("\\p{L}(?:\\.\\p{L})+");

    private Abbreviations() {}

    /**
     * Whether the period after {@code token} (the text before it back to the previous whitespace, without the
     * period) never ends a sentence: a known abbreviation or a single-letter initial ("J.").
     */
    public static boolean isAbbreviation(String token) {
        String core = core(token);
        return core.length() == 1 || WORDS.contains(core);
    }

    /**
     * Whether {@code token} is an acronym of dotted letters that is not a known abbreviation ("U.S.C", "a.k.a"): its
     * period ends a sentence only when a capitalised word follows.
     */
    public static boolean isDottedAcronym(String token) {
        return DOTTED.matcher(core(token)).matches();
    }

    /** The token from its first letter, lower case. */
    private static String core(String token) {
        int i = 0;
        while (i < token.length() && !Character.isLetter(token.charAt(i))) {
            i++;
        }
        return token.substring(i).toLowerCase(Locale.ROOT);
    }
}
