package dev.docent.answer.conversation;

import dev.docent.answer.service.ExtractiveAnswerer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Offline condensing. A question leans on the conversation when it points back (a pronoun such as "it" or "he", a
 * lead such as "and" or "what about", "that day", "the same"), when it names nothing of its own ("When?", "Why was
 * that?"), or when it is short and names nothing new (two content words at most, no name, and not a definition
 * question such as "What is circuit switching?"). Such a follow-up gets the previous turn's topic appended:
 *
 * <ul>
 *   <li>a follow-up that names nothing gets all the previous standalone question's content words ("When was that?"
 *       after "Who founded the Duchy?" is about the founding);
 *   <li>one that has words of its own gets the previous topic without its participles ("opened" after "Who designed
 *       the building?" is about the building, not the design), and without its numbers when it brings numbers;
 *   <li>one with a personal pronoun ("Where did he work?") after a "who" question also gets the name that answered it.
 * </ul>
 *
 * Words that only frame a question ("happened", "following") are never carried, so a chain of follow-ups does not
 * pile them up. E.g. "How many vacation days do employees get?" then "And contractors?" becomes "And
 * contractors? vacation days employees get". A self-contained question is used as is.
 */
public final class HeuristicCondenser implements QuestionCondenser {
    static final int SHORT_TERMS = 2;
    static final int MAX_CARRIED = 10;

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

    private static final Set<String> PERSONAL =
            Set.of("he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs");

    /** Phrases that point back at a time, place or thing of the conversation. */
    private static final Pattern DEICTIC = Pattern.compile(
            "\\b(that|this|the same|the following|the next|the previous|the prior) (day|year|month|week|time|date|one"
                    + "|period|decade|century|place|event|case)\\b|\\bthe (latter|former|same|other one|first one"
                    + "|second one|third one|last one)\\b|\\b(at|by|since|before|after|until) then\\b|\\bthere\\?");

    /** "What is X?", "Who was X?", "Define X", "What does X mean?": a question about a thing it names. */
    private static final Pattern DEFINITION =
            Pattern.compile("^(what|who)( is| are| was| were)( an?| the)? \\S.*|^(define|explain|describe) \\S.*"
                    + "|^what does \\S.* (mean|stand for)\\??$");

    /** Content words that frame a question rather than name its topic. */
    private static final Set<String> GENERIC = stems(("year years date dates time times day days month months week "
                    + "decade century period when place places one ones first second third last next following "
                    + "previous prior latter former happen happened happens happening else reason reasons example "
                    + "examples detail details mean meaning called name named kind type sort number amount thing "
                    + "things way ways often long old later earlier before after then now also again another")
            .split(" "));

    /** Words that only frame a question; never carried into the next one. */
    private static final Set<String> FRAMING = stems(("happen happened happens happening following previous prior "
                    + "latter former else reason reasons example examples detail details mean meaning called kind type "
                    + "sort thing things way ways another again")
            .split(" "));

    private static final Pattern WHO = Pattern.compile("\\b(who|whom|whose)\\b");

    @Override
    public String condense(List<Turn> history, String question) {
        if (history.isEmpty()) {
            return question;
        }
        Turn previous = history.get(history.size() - 1);
        Set<String> own = ExtractiveAnswerer.terms(question);
        Set<String> topic = topic(own);
        String lower = normalised(question);
        if (!leansOnHistory(question, lower, topic)) {
            return question;
        }
        boolean namesNothing = topic.isEmpty();
        boolean bringsNumbers = own.stream().anyMatch(t -> Character.isDigit(t.charAt(0)));
        List<String> carried = new ArrayList<>();
        Set<String> carriedTerms = new HashSet<>(own);
        if (hasWord(lower, PERSONAL)
                && previous.shortAnswer() != null
                && WHO.matcher(normalised(previous.question())).find()
                && looksLikeName(previous.shortAnswer())) {
            for (String word : previous.shortAnswer().strip().split("\\s+")) {
                carry(word, ExtractiveAnswerer.terms(word), carried, carriedTerms);
            }
        }
        for (String word : source(previous, namesNothing).split("[^\\p{L}\\p{N}']+")) {
            if (word.isEmpty() || carried.size() >= MAX_CARRIED) {
                continue;
            }
            Set<String> t = ExtractiveAnswerer.terms(word);
            if (t.isEmpty() || FRAMING.containsAll(t)) {
                continue; // a stopword or a word that only frames the question
            }
            if (!namesNothing && (isParticiple(word) || (bringsNumbers && Character.isDigit(word.charAt(0))))) {
                continue;
            }
            carry(word, t, carried, carriedTerms);
        }
        return carried.isEmpty() ? question : question.strip() + " " + String.join(" ", carried);
    }

    /**
     * Where the carried words come from: the previous standalone question; but when the follow-up has words of its
     * own and the previous turn was itself a condensed follow-up, only what that turn carried and the names it asked
     * with ("When did he give the talk?" after "Where did he work? Donald Davies ..." is about Davies, not work).
     */
    private static String source(Turn previous, boolean namesNothing) {
        String asked = previous.question().strip();
        String standalone = previous.standalone();
        if (namesNothing || !standalone.startsWith(asked) || standalone.length() <= asked.length()) {
            return standalone;
        }
        return String.join(" ", names(asked)) + " " + standalone.substring(asked.length());
    }

    private static void carry(String word, Set<String> terms, List<String> carried, Set<String> seen) {
        if (!terms.isEmpty() && seen.addAll(terms) && carried.size() < MAX_CARRIED) {
            carried.add(word);
        }
    }

    private static boolean leansOnHistory(String question, String lower, Set<String> topic) {
        if (hasWord(lower, ANAPHORA)) {
            return true;
        }
        for (String lead : LEADS) {
            if (lower.startsWith(lead + " ") || lower.equals(lead)) {
                return true;
            }
        }
        if (DEICTIC.matcher(question.strip().toLowerCase(Locale.ROOT)).find() || topic.isEmpty()) {
            return true;
        }
        return topic.size() <= SHORT_TERMS && !DEFINITION.matcher(lower).matches() && !namesSomething(question);
    }

    private static boolean hasWord(String lower, Set<String> words) {
        for (String word : lower.split(" +")) {
            if (words.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** A capitalised word after the first ("Who founded Google?"): the question brings its own subject. */
    private static boolean namesSomething(String question) {
        return !names(question).isEmpty();
    }

    /** The capitalised words of a question after its first one: the names it asks with. */
    private static List<String> names(String question) {
        List<String> names = new ArrayList<>();
        String[] words = question.strip().split("[^\\p{L}\\p{N}']+");
        for (int i = 1; i < words.length; i++) {
            if (!words[i].isEmpty() && Character.isUpperCase(words[i].charAt(0))) {
                names.add(words[i]);
            }
        }
        return names;
    }

    /** Two to four words, each capitalised: "Donald Davies", not "Europe" or "the late 1960s". */
    private static boolean looksLikeName(String text) {
        String[] words = text.strip().split("\\s+");
        if (words.length < 2 || words.length > 4) {
            return false;
        }
        for (String w : words) {
            if (w.isEmpty() || !Character.isUpperCase(w.charAt(0))) {
                return false;
            }
        }
        return true;
    }

    /** "designed", "founded": the previous question's action, not its topic (a lower-case word ending in -ed). */
    private static boolean isParticiple(String word) {
        return word.length() > 4 && Character.isLowerCase(word.charAt(0)) && word.endsWith("ed");
    }

    private static Set<String> topic(Set<String> terms) {
        Set<String> out = new HashSet<>(terms);
        out.removeAll(GENERIC);
        return out;
    }

    private static String normalised(String question) {
        return question.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]", "");
    }

    private static Set<String> stems(String[] words) {
        Set<String> out = new HashSet<>();
        for (String w : words) {
            out.addAll(ExtractiveAnswerer.terms(w));
        }
        return Set.copyOf(out);
    }
}
