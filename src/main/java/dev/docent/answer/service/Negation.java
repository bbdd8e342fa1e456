package dev.docent.answer.service;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether English text is negated. An extractive answerer cannot reason about polarity, so it uses this to tell a
 * sentence that answers "Which drug was not approved?" from one that only says which drug was approved.
 *
 * <p>A question counts as negated by an explicit negator ({@code not}, {@code n't}, {@code never}, {@code no},
 * {@code without}, ...). A sentence also counts as negated by negation carried in a word ({@code non-Catholics},
 * {@code unable}, {@code refusal}, {@code failed}, {@code lack}, {@code except}, ...), so that the sentence-side
 * test errs towards "negated": a missed negation there costs an answerable question its answer.
 */
public final class Negation {
    private static final Pattern EXPLICIT =
            Pattern.compile("\\b(?:not|never|no|none|nothing|nobody|neither|nor|without|cannot)\\b|n['\u2019]t\\b");

    private static final Pattern IN_A_WORD = Pattern.compile("\\bnon-?[a-z]"
            + "|\\bun(?!der|til|ion|it|iqu|iform|iver)[a-z]{3,}"
            + "|\\bin(?:significan|capab|abilit|sufficien|adequa)"
            + "|\\b(?:refus|fail|lack|absen|except|prevent|prohibit|forbid|ban|exclud|reject|den[yi])[a-z]*");

    private Negation() {}

    /** True when the question contains an explicit negator. */
    public static boolean inQuestion(String question) {
        return EXPLICIT.matcher(question.toLowerCase(Locale.ROOT)).find();
    }

    /** True when the sentence contains an explicit negator or a word that carries negation. */
    public static boolean inSentence(String sentence) {
        String lower = sentence.toLowerCase(Locale.ROOT);
        return EXPLICIT.matcher(lower).find() || IN_A_WORD.matcher(lower).find();
    }
}
