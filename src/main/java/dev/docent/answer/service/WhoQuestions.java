package dev.docent.answer.service;

import dev.docent.answer.service.ShortAnswers.Span;
import dev.docent.answer.service.ShortAnswers.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Who instructs members how to vote?" read against "political parties normally instruct members which way to vote":
 * the answer of a who-question with a verb is whoever does (or undergoes) that verb in the sentence, named or not.
 * Capitalised names alone miss "political parties", "a vote clerk" or "the Scottish Government", and pick the
 * wrong name when a sentence holds several.
 *
 * <p>No parser: the question's verb is the word after "who" (past adverbs and modals), in the active ("Who
 * founded X?") or the passive ("Who was elected ...?"); the sentence's voice at that verb is read from the word
 * before it. Active question, active sentence: the words before the verb, back to the clause's start. Active
 * question, passive sentence: the agent after "by". Passive question: the object after an active verb, or the
 * subject before a passive one. Anything else (a pronoun, the question's own words, no such verb) gives nothing,
 * and the caller falls back to names.
 */
final class WhoQuestions {
    private WhoQuestions() {}

    /** The question's verb, as a stem; {@code passive} for "Who was elected ...?". */
    record Verb(String stem, boolean passive) {}

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'\u2019-]*");

    private static final Set<String> BE = ShortAnswers.wordSet("is are was were be been being am");
    private static final Set<String> MODALS = ShortAnswers.wordSet("can could may might will would shall should must");
    /** Words between "who" or a modal and the verb that are not it: "Who else ...", "Who first ...". */
    private static final Set<String> ADVERBS = ShortAnswers.wordSet(
            "else also first then still ever later often usually not never actually originally initially eventually");
    /** Past participles that do not end in -ed or -en. */
    private static final Set<String> IRREGULAR_PARTICIPLES = ShortAnswers.wordSet("made held led built sent paid told "
            + "taught sold found won brought bought kept left put set run read hit cut begun done gone seen born "
            + "borne drawn thrown grown known shown sworn struck caught fought sought thought meant lost spent");
    /** Words that are not verbs where a verb is looked for: "Who has the task ...", "Who is the leader ...". */
    private static final Set<String> NOT_VERBS =
            ShortAnswers.wordSet("the a an his her its their this that these those "
                    + "my our your some any all one each every no what who have has had do does did be being been");
    /** Words that end a subject read backwards, or an object read forwards: a new clause or phrase begins there. */
    private static final Set<String> CLAUSE_WORDS = ShortAnswers.wordSet("that which who whom whose since because when "
            + "while if although though as where after before and or but so whereas once until unless than");

    private static final Set<String> PREPOSITIONS = ShortAnswers.wordSet(
            "to from at in on for with by into onto over under about against between among during upon via through "
                    + "toward towards within without across behind beyond near");
    private static final Set<String> PRONOUNS =
            ShortAnswers.wordSet("he she they it we i you him her them us this these those there who which that one");

    private static final int MAX_WORDS = 8;
    private static final Set<String> DETERMINERS =
            ShortAnswers.wordSet("the a an this that these those its their his her our some many most each every");
    private static final Set<String> NAME_JOINERS = ShortAnswers.wordSet("of the de da del von van al bin le la du");

    /** The verb of a "who" question, or null when it has none to read ("Who was the leader?", "Who did X ...?"). */
    static Verb verb(String question) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(question.toLowerCase(Locale.ROOT));
        while (m.find()) {
            tokens.add(m.group());
        }
        int i = tokens.indexOf("who");
        if (i < 0) {
            return null;
        }
        int j = skipAdverbs(tokens, i + 1);
        if (j >= tokens.size()) {
            return null;
        }
        String t = tokens.get(j);
        if (BE.contains(t)) {
            return passive(tokens, j + 1);
        }
        if (MODALS.contains(t)) {
            int k = skipAdverbs(tokens, j + 1);
            if (k + 1 < tokens.size()
                    && tokens.get(k).equals("have")
                    && tokens.get(k + 1).equals("been")) {
                k++; // "Who would have been ranked ...?"
            }
            if (k < tokens.size()
                    && (tokens.get(k).equals("be") || tokens.get(k).equals("been"))) {
                return passive(tokens, k + 1);
            }
            return k < tokens.size() ? active(tokens.get(k)) : null;
        }
        if (t.equals("has") || t.equals("have") || t.equals("had")) {
            int k = skipAdverbs(tokens, j + 1);
            if (k < tokens.size() && tokens.get(k).equals("been")) {
                return passive(tokens, k + 1);
            }
            return k < tokens.size() && participle(tokens.get(k)) ? active(tokens.get(k)) : null;
        }
        if (t.equals("do") || t.equals("does") || t.equals("did")) {
            return null; // "Who did the Mongols send ...?" asks for an object, which this does not read
        }
        return active(t);
    }

    private static int skipAdverbs(List<String> tokens, int from) {
        int k = from;
        while (k < tokens.size()
                && (ADVERBS.contains(tokens.get(k)) || tokens.get(k).endsWith("ly"))) {
            k++;
        }
        return k;
    }

    private static Verb passive(List<String> tokens, int from) {
        int k = skipAdverbs(tokens, from);
        return k < tokens.size() && participle(tokens.get(k))
                ? new Verb(ExtractiveAnswerer.stem(tokens.get(k)), true)
                : null;
    }

    private static Verb active(String word) {
        if (NOT_VERBS.contains(word)
                || PREPOSITIONS.contains(word)
                || word.chars().anyMatch(Character::isDigit)) {
            return null;
        }
        return new Verb(ExtractiveAnswerer.stem(word), false);
    }

    private static boolean participle(String word) {
        return word.length() > 3 && (word.endsWith("ed") || word.endsWith("en") || word.endsWith("wn"))
                || IRREGULAR_PARTICIPLES.contains(word);
    }

    /** Whoever does (or undergoes) {@code verb} in the sentence, or null. */
    static Span span(Verb verb, String sentence, List<Word> words) {
        for (int v = 0; v < words.size(); v++) {
            Word w = words.get(v);
            if (w.capitalised()
                    || w.lower().endsWith("ing")
                    || !ExtractiveAnswerer.stem(w.lower()).equals(verb.stem())) {
                continue; // "..., killing King Harold II": a participle's doer is not the words before it
            }
            int before = previousNonAdverb(words, v);
            boolean passiveHere = before >= 0 && BE.contains(words.get(before).lower());
            Span span;
            if (!verb.passive()) {
                span = passiveHere ? agent(sentence, words, v) : subject(sentence, words, v);
            } else {
                span = passiveHere ? subject(sentence, words, before) : object(sentence, words, v);
            }
            if (span != null) {
                return span;
            }
        }
        return null;
    }

    private static int previousNonAdverb(List<Word> words, int v) {
        int k = v - 1;
        while (k >= 0
                && (ADVERBS.contains(words.get(k).lower())
                        || words.get(k).lower().endsWith("ly"))) {
            k--;
        }
        return k;
    }

    /** The words before {@code v} back to the start of their clause: "political parties (normally) instruct". */
    private static Span subject(String sentence, List<Word> words, int v) {
        int k = v - 1;
        while (k >= 0
                && (MODALS.contains(words.get(k).lower())
                        || ADVERBS.contains(words.get(k).lower())
                        || words.get(k).lower().endsWith("ly"))) {
            k--;
        }
        int last = k;
        if (last < 0 || !ShortAnswers.sameClause(sentence, words.get(last), words.get(last + 1))) {
            return null; // "..., known as whips, with": what precedes a clause break is not the verb's subject
        }
        int first = -1;
        while (k >= 0
                && last - k < MAX_WORDS
                && !words.get(k).asked()
                && !CLAUSE_WORDS.contains(words.get(k).lower())
                && !PREPOSITIONS.contains(words.get(k).lower())
                && (k == last || ShortAnswers.sameClause(sentence, words.get(k), words.get(k + 1)))) {
            first = k;
            k--;
        }
        if (first < 0) {
            return null;
        }
        // "In March the finance committee approves": the subject starts at its article, not after "of"
        for (int d = last; d > first; d--) {
            boolean inName = d < last
                    && words.get(d - 1).capitalised()
                    && words.get(d + 1).capitalised();
            if (DETERMINERS.contains(words.get(d).lower())
                    && !inName // "Jesus the Interpreter"
                    && !words.get(d - 1).lower().equals("of")) {
                return phrase(sentence, words, d, last);
            }
        }
        if (k >= 0
                && (last - k >= MAX_WORDS || PREPOSITIONS.contains(words.get(k).lower()))) {
            return null; // "Lenin in particular asserted": a phrase after a preposition is no subject
        }
        return phrase(sentence, words, first, last);
    }

    /** The noun phrase after "by" right after a passive verb: "haunted by the ghost of le roi Huguet". */
    private static Span agent(String sentence, List<Word> words, int v) {
        int by = v + 1;
        if (by < words.size()
                && words.get(by).lower().equals("by")
                && ShortAnswers.sameClause(sentence, words.get(v), words.get(by))) {
            return object(sentence, words, by);
        }
        return null;
    }

    /** The words after {@code v} up to a clause break, a preposition or a new clause: "elects one MSP (to serve)". */
    private static Span object(String sentence, List<Word> words, int v) {
        int first = v + 1;
        int k = first;
        while (k < words.size()
                && k - first < MAX_WORDS
                && !words.get(k).asked()
                && !CLAUSE_WORDS.contains(words.get(k).lower())
                && (!PREPOSITIONS.contains(words.get(k).lower()))
                && ShortAnswers.sameClause(sentence, words.get(k - 1), words.get(k))) {
            k++;
        }
        return k == first ? null : phrase(sentence, words, first, k - 1);
    }

    /**
     * Words [first, last] trimmed, unless they are only a pronoun or an article; a name that ends them after a
     * description alone ("The Russian leader Lenin", "Jean's nephew Maciot de Bethencourt"), but not a name inside
     * a phrase with "of" ("the ghost of le roi Huguet").
     */
    private static Span phrase(String sentence, List<Word> words, int first, int last) {
        int name = last;
        while (name > first
                && (words.get(name - 1).capitalised()
                        || NAME_JOINERS.contains(words.get(name - 1).lower()))) {
            name--;
        }
        while (name < last && !words.get(name).capitalised()) {
            name++; // a name starts with a capital, not with a joiner
        }
        boolean described = words.get(last).capitalised()
                && name > first
                && words.subList(first, name).stream().noneMatch(w -> w.lower().equals("of"));
        Span span = ShortAnswers.trimmed(
                sentence,
                new Span(
                        words.get(described ? name : first).start(),
                        words.get(last).end()));
        if (span == null) {
            return null;
        }
        String text = span.of(sentence).toLowerCase(Locale.ROOT);
        return PRONOUNS.contains(text) || NOT_VERBS.contains(text) ? null : span;
    }
}
