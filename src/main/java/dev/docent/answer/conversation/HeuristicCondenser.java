package dev.docent.answer.conversation;

import dev.docent.answer.service.ExtractiveAnswerer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Offline condensing: a follow-up that leans on the previous turn (it starts with a pronoun or "and/what
 * about/how about", has a personal pronoun anywhere ("What happens above them?"), or has at most
 * {@value #SHORT_TERMS} content words) gets the previous standalone question's
 * content words the follow-up lacks appended, e.g. "How many vacation days do employees get?" then "And contractors?"
 * becomes "And contractors? vacation days employees get". A self-contained question is used as is.
 */
public final class HeuristicCondenser implements QuestionCondenser {
    static final int SHORT_TERMS = 2;
    private static final Set<String> LEADS = Set.of(
            "it",
            "its",
            "it's",
            "they",
            "them",
            "their",
            "this",
            "that",
            "these",
            "those",
            "he",
            "she",
            "his",
            "her",
            "and",
            "also",
            "what about",
            "how about",
            "same");

    /** Pronouns that point back at something wherever they stand ("this" and "that" only lead: "so that", ...). */
    private static final Set<String> ANAPHORA =
            Set.of("it", "its", "they", "them", "their", "theirs", "he", "him", "his", "she", "her", "hers");

    @Override
    public String condense(List<String> history, String question) {
        if (history.isEmpty()) {
            return question;
        }
        String previous = history.get(history.size() - 1);
        Set<String> own = ExtractiveAnswerer.terms(question);
        if (!leansOnHistory(question, own)) {
            return question;
        }
        List<String> carried = new ArrayList<>();
        for (String word : previous.split("[^\\p{L}\\p{N}']+")) {
            if (word.isEmpty()) {
                continue;
            }
            Set<String> t = ExtractiveAnswerer.terms(word);
            if (!t.isEmpty() && !own.containsAll(t) && !carried.contains(word)) {
                carried.add(word);
            }
        }
        return carried.isEmpty() ? question : question.strip() + " " + String.join(" ", carried);
    }

    private static boolean leansOnHistory(String question, Set<String> terms) {
        if (terms.size() <= SHORT_TERMS) {
            return true;
        }
        String q = question.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]", "");
        for (String word : q.split(" +")) {
            if (ANAPHORA.contains(word)) {
                return true;
            }
        }
        for (String lead : LEADS) {
            if (q.startsWith(lead + " ") || q.equals(lead)) {
                return true;
            }
        }
        return false;
    }
}
