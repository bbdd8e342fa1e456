package dev.docent.answer.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few words of a quoted sentence that answer the question: "1066" for "When was the battle of Hastings?" rather
 * than the whole sentence about it. The sentence stays the answer and its citation the evidence; the short answer
 * is a span inside the quote, so a client can show and highlight both.
 *
 * <p>No model: the question's form tells what kind of answer it wants ({@link Kind}), and the span is the phrase of
 * that kind in the sentence nearest to the words it shares with the question, never made of those words alone
 * (the question's own subject is not its answer). A question of no recognised kind takes the nearest run of words
 * the question does not use, within the clause. When the sentence holds nothing of the wanted kind, or the span
 * would be the whole sentence, there is no short answer.
 */
final class ShortAnswers {
    private ShortAnswers() {}

    /** What a question asks for, from its form. */
    enum Kind {
        PERSON,
        TIME,
        QUANTITY,
        PLACE,
        REASON,
        MANNER,
        THING
    }

    /** Kinds whose answer must be a phrase of that kind (a name, a date, a number), or there is none. */
    private static final Set<Kind> TYPED = Set.of(Kind.PERSON, Kind.TIME, Kind.QUANTITY, Kind.PLACE);

    /** A span [start, end) of the sentence it was found in. */
    record Span(int start, int end) {
        String of(String text) {
            return text.substring(start, end);
        }
    }

    /** Generic spans longer than this many words are cut to the words nearest the question's. */
    static final int MAX_WORDS = 8;

    private static final Pattern QUANTITY_QUESTION =
            Pattern.compile("\\bhow (many|much|long|old|far|large|big|tall|high|often|fast|deep|wide|heavy)\\b"
                    + "|\\bwhat (percentage|percent|proportion|share|number|amount|fraction|portion)\\b"
                    // "What is the wage base for 2013?", "What was the population of Lyon?": a measure, named
                    + "|\\b(what|which) (is|was|are|were) the (\\w+ ){0,3}?(limit|limits|amount|cost|costs|price|fee|fees"
                    + "|rate|salary|wage base|budget|total|threshold|maximum|minimum|size|length|weight|height|distance"
                    + "|population|speed|temperature|voltage|capacity|frequency|power|energy|current|pressure|mass"
                    + "|volume|area|depth|width|duration)( (of|for|in|on|per)\\b|\\s*[?,]|$)"
                    // "What frequency should ...", "What voltage ...": a measure named right after the question word
                    + "|\\b(what|which) (frequency|voltage|power|energy|current|pressure|temperature|speed|weight|mass"
                    + "|length|width|height|depth|distance|size|capacity|rate|price|cost|dose|dosage)\\b"
                    // "Which port does the cluster listen on?" asks for a number, not a harbour
                    + "|\\b(what|which) port\\b(?=.*\\b(listen|listens|bind|binds|expose|exposes|serve|serves|use|uses"
                    + "|run|runs|open|opens|number|tcp|udp|http|https)\\b)");
    private static final Pattern TIME_QUESTION = Pattern.compile(
            "\\bwhen\\b|\\b(what|which) (year|years|century|centuries|date|day|month|decade|time|period|era|age)\\b"
                    + "|\\bwhat time\\b|\\bhow recently\\b");
    private static final Pattern PERSON_QUESTION = Pattern.compile("\\b(who|whom|whose)\\b");
    private static final Pattern PLACE_QUESTION = Pattern.compile(
            "\\bwhere\\b|\\b(what|which) (country|countries|city|cities|state|region|town|continent|island|river"
                    + "|place|location|province|county|area|nation|village|sea|ocean|mountain|street|port|capital)\\b");

    private static final Pattern NAMED_CATEGORY = Pattern.compile("\\b(what|which) (?!(is|are|was|were|does|do|did"
            + "|has|have|had|can|could|would|will|should|may|might|must|kind|type|sort|happens|happened|caused|causes"
            + "|makes|made|if|about|of|for|to|in|on)\\b)[a-z]+|\\bthe name of\\b|\\b(called|named)\\?");

    private static final String MONTH = "(?:January|February|March|April|May|June|July|August|September|October"
            + "|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.)";
    private static final String ORDINAL =
            "(?:\\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
                    + "|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
                    + "|nineteenth|twentieth|twenty-first)";
    private static final Pattern TIME = Pattern.compile("(?:(?:early|late|mid)[- ])?(?:" + MONTH
            + " \\d{1,2}(?:st|nd|rd|th)?(?:,? \\d{3,4})?|\\d{1,2} " + MONTH + "(?:,? \\d{3,4})?|" + MONTH
            + ",? \\d{3,4}|" + ORDINAL + "(?: (?:and|or|to) " + ORDINAL + ")?[- ]centur(?:y|ies)"
            + "|(?<![\\d.,])(?:1\\d{3}|20\\d{2})\\s?(?:[-\u2013]|to|and|until)\\s?\\d{2,4}|(?<![\\d.,])\\d{1,3}0s"
            // a year: 1000-2099, or three digits ("911"); "3000" or "7415" is a number, not a year
            + "|(?<![\\d.,])(?:1\\d{3}|20\\d{2}|[1-9]\\d{2})(?: ?(?:AD|BC|BCE|CE))?|(?<![\\d.,])\\d{1,4} ?(?:AD|BC|BCE)"
            + "|(?:(?:the )?(?:end|beginning|start|middle) of )?" + MONTH + ")(?!\\d|,\\d)");

    private static final String NUMBER_WORD = "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            + "|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty"
            + "|seventy|eighty|ninety|hundred|a hundred|thousand|dozen|a dozen|half|a half|several|hundreds"
            + "|thousands|millions)";
    private static final String SCALE = "(?:hundred|thousand|million|billion|trillion)";
    private static final Pattern QUANTITY = Pattern.compile(
            "(?:(?:about|around|over|nearly|almost|approximately"
                    + "|some|roughly|more than|less than|fewer than|at least|up to|under|only) )?(?:[$\u00a3\u20ac]\\s?)?"
                    + "(?:\\d(?:[\\d,]*\\d)?(?:\\.\\d+)?|" + NUMBER_WORD + ")(?:[- ]" + SCALE
                    + ")?(?:\\s?%| percent| per cent)?"
                    + "(?![\\w])",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern REASON_CUE = Pattern.compile("\\b(because of|because|due to|owing to|as a result of"
            + "|in response to|in reaction to|in retaliation for|in order to|so that|since)\\b");
    /** "to" before a word that could be a verb: not before a number, an amount, a name or an article. */
    private static final Pattern PURPOSE_CUE =
            Pattern.compile("\\bto (?!(the|a|an|his|her|its|their|this|that)\\b)(?=[a-z])");

    /** A unit written with capitals or symbols ("15 MW", "352 MHz", "2.5 kV", "190 MeV"). */
    private static final Pattern UNIT_SYMBOL =
            Pattern.compile("[pnu\u00b5mcdkMGT]?(W|Wh|Hz|V|A|eV|J|N|Pa|B|bps|K|Gy|Sv|Bq)");

    private static final Pattern MONTH_WORD = Pattern.compile(MONTH);

    /** "Did ...?", "Is ...?": a question answered yes or no, which has no span to point at. */
    private static final Pattern POLAR = Pattern.compile("^(is|are|was|were|do|does|did|can|could|will|would|has|have"
            + "|had|should|shall|may|might|must|isn't|aren't|wasn't|weren't|don't|doesn't|didn't)\\b.*");

    private static final Pattern MANNER_CUE = Pattern.compile("\\b(by|through|using|via)\\b");
    // a line end too: extracted text runs headings, list items and captions into the next line without a full stop
    private static final Pattern CLAUSE_BREAK =
            Pattern.compile("[,;:()\\[\\]\"\u201C\u201D\u2014\u2013\\n]|\\.(\\s|$)");

    /** Words that join a capitalised name without starting or ending it: "William the Conqueror". */
    private static final Set<String> NAME_JOINERS = wordSet("of the de da del von van al bin le la du and &");

    private static final Set<String> PERSON_CUES = wordSet("by");
    private static final Set<String> PLACE_CUES =
            wordSet("in at from to near into across on throughout within towards toward");
    /**
     * A weaker place cue, taken when no other cue precedes a name: "the Treaty of Deabolis", but not "the work of
     * Donald Davies" when the sentence also says "at the National Physical Laboratory".
     */
    private static final Set<String> WEAK_PLACE_CUES = wordSet("of");

    private static final Set<String> NOT_NAMES =
            wordSet("january february march april may june july august september october november december monday "
                    + "tuesday wednesday thursday friday saturday sunday however although after before during in on "
                    + "at this these those it its they he she his her their there when while following later today "
                    + "since despite as by for from with a an the some many most both each all one i we you if but "
                    + "and or also then thus under between among because unlike like according");
    /** Abbreviated titles that begin a name but are none alone. */
    private static final Set<String> TITLES = wordSet("st mt ft dr mr mrs ms rev fr sr jr gen col capt sgt lt");

    /** Leading and trailing words a short answer does without. */
    private static final Set<String> EDGE_WORDS =
            wordSet("is are was were be been being has have had do does did and or but that which who whom whose it "
                    + "its this these those they he she also then as by in on at of for from with to into than so "
                    + "such not can could would will may might should must there here where when while if all both "
                    + "called known named termed");

    static Set<String> wordSet(String words) {
        return Set.of(words.split(" "));
    }

    /** The kind of answer {@code question} asks for. */
    static Kind kind(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        if (QUANTITY_QUESTION.matcher(q).find()) {
            return Kind.QUANTITY;
        }
        if (TIME_QUESTION.matcher(q).find()) {
            return Kind.TIME;
        }
        if (PERSON_QUESTION.matcher(q).find()) {
            return Kind.PERSON;
        }
        if (PLACE_QUESTION.matcher(q).find()) {
            return Kind.PLACE;
        }
        if (q.matches("(?s).*\\bwhy\\b.*")) {
            return Kind.REASON;
        }
        if (q.matches("(?s).*\\bhow\\b.*")) {
            return Kind.MANNER;
        }
        return Kind.THING;
    }

    /**
     * "What treaty ...", "Which king ...", "What was the name of ...": a question that names the category of its
     * answer (a noun right after what/which), or asks for a name, is answered by a name when the sentence has one.
     * "What is ...", "What does ..." are not.
     */
    static boolean asksForName(String question) {
        return NAMED_CATEGORY.matcher(question.toLowerCase(Locale.ROOT)).find();
    }

    /** The span of {@code sentence} that answers {@code question}, or null when none stands out. */
    static Span find(String question, String sentence) {
        return question == null ? null : find(Question.of(question), sentence);
    }

    /**
     * What a question asks, read once and used for every candidate sentence.
     *
     * @param asked the question's content-word stems
     * @param namesCategory {@link ShortAnswers#asksForName}
     * @param countsTime "how long", "how old": a year-like number may be the count
     * @param verb the verb of a who-question ({@link WhoQuestions}), or null
     */
    record Question(
            Set<String> asked,
            Kind kind,
            boolean namesCategory,
            boolean countsTime,
            boolean polar,
            boolean share,
            WhoQuestions.Verb verb) {
        static Question of(String question) {
            String lower = question.strip().toLowerCase(Locale.ROOT);
            Kind kind = ShortAnswers.kind(question);
            return new Question(
                    ExtractiveAnswerer.terms(question),
                    kind,
                    ShortAnswers.asksForName(question),
                    lower.matches("(?s).*\\bhow (long|old)\\b.*"),
                    kind == Kind.THING && POLAR.matcher(lower).matches(),
                    lower.matches("(?s).*\\b(percentage|percent|per cent|share|proportion)\\b.*"),
                    kind == Kind.PERSON ? WhoQuestions.verb(question) : null);
        }

        /** Whether it wants a time, a quantity, a person or a place, which a sentence holds or lacks. */
        boolean typed() {
            return TYPED.contains(kind);
        }
    }

    /** The span of {@code sentence} that answers {@code question}, or null when none stands out. */
    static Span find(Question question, String sentence) {
        if (sentence == null || sentence.isBlank() || question.polar()) {
            return null;
        }
        List<Word> words = words(sentence, question.asked());
        if (words.isEmpty()) {
            return null;
        }
        Kind kind = question.kind();
        Span span = switch (kind) {
            case TIME -> nearest(times(sentence, words), words);
            case QUANTITY -> nearest(quantities(sentence, words, question.countsTime(), question.share()), words);
            case PERSON -> person(question, sentence, words);
            case PLACE -> nearest(names(sentence, words, PLACE_CUES, WEAK_PLACE_CUES, n -> false), words);
            case REASON -> clause(sentence, words, REASON_CUE, PURPOSE_CUE);
            case THING ->
                question.namesCategory()
                        ? nearest(names(sentence, words, Set.of(), Set.of(), n -> false), words)
                        : null;
            case MANNER -> clause(sentence, words, MANNER_CUE, null);
        };
        if (span == null && !TYPED.contains(kind)) {
            span = generic(sentence, words); // a "who" question is not answered by whatever words are left
        }
        if (span == null) {
            return null;
        }
        Span whole = trimmed(sentence, new Span(0, sentence.length()));
        if (whole != null && span.start() <= whole.start() && span.end() >= whole.end()) {
            return null;
        }
        return saysSomething(sentence.substring(span.start(), span.end())) ? span : null;
    }

    /**
     * Whoever does the question's verb in the sentence ({@link WhoQuestions}); else the nearest name, preferring
     * names that are neither a place ("in the Netherlands") nor a word describing the noun after it ("the Roman
     * Catholic priest", "Chinese dynasties").
     */
    private static Span person(Question question, String sentence, List<Word> words) {
        if (question.verb() != null) {
            Span doer = WhoQuestions.span(question.verb(), sentence, words);
            if (doer != null && saysSomething(doer.of(sentence))) {
                return doer;
            }
        }
        return nearest(names(sentence, words, PERSON_CUES, Set.of(), n -> placeOrModifier(sentence, words, n)), words);
    }

    /** Places a person is not: a name after in/at/near..., or one that describes the lower-case noun after it. */
    private static final Set<String> PLACE_ONLY_CUES =
            wordSet("in at near into across throughout within towards toward");

    private static final Pattern DEMONYM = Pattern.compile(
            ".*(an|ese|ish|ic)|french|dutch|greek|thai|swiss|welsh|czech|iraqi|israeli|pakistani|saudi|kuwaiti"
                    + "|nepali|somali|bengali|yemeni|omani|qatari");

    private static boolean placeOrModifier(String sentence, List<Word> words, Span name) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).start() >= name.start() && words.get(i).end() <= name.end()) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return false;
        }
        if (cuedBy(PLACE_ONLY_CUES, words, first)) {
            return true;
        }
        if (last + 1 >= words.size()) {
            return false;
        }
        Word next = words.get(last + 1);
        return DEMONYM.matcher(words.get(last).lower()).matches()
                && !next.capitalised()
                && !EDGE_WORDS.contains(next.lower())
                && !next.lower().matches(".*(ing|ed)") // "the Han Chinese occupying the lowest rank" names them
                && sentence.substring(words.get(last).end(), next.start()).equals(" ");
    }

    /** Words that are not function words but say nothing alone ("at least $100,000" when the amount was asked). */
    private static final Set<String> VAGUE = ExtractiveAnswerer.terms("least less fewer greater lot lots");

    /**
     * Whether a span says something: it holds a number or a word that is neither a function word nor vague. "The",
     * "I" or "least" alone is no answer, and none is better than a wrong one.
     */
    private static boolean saysSomething(String span) {
        return span.chars().anyMatch(Character::isDigit)
                || ExtractiveAnswerer.terms(span).stream().anyMatch(t -> t.length() >= 2 && !VAGUE.contains(t));
    }

    /** A word of the sentence; {@code asked} when the question uses it. */
    record Word(int start, int end, String lower, boolean asked, boolean capitalised) {
        String of(String sentence) {
            return sentence.substring(start, end);
        }
    }

    private static List<Word> words(String sentence, Set<String> asked) {
        List<Word> out = new ArrayList<>();
        int i = 0;
        int n = sentence.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(sentence.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(sentence.charAt(i)) || inner(sentence, i))) {
                i++;
            }
            if (i > start) {
                String text = sentence.substring(start, i);
                String lower = text.toLowerCase(Locale.ROOT);
                Set<String> stems = ExtractiveAnswerer.terms(text);
                boolean isAsked = !stems.isEmpty() && asked.containsAll(stems);
                out.add(new Word(start, i, lower, isAsked, Character.isUpperCase(text.charAt(0))));
            }
        }
        return out;
    }

    /** An apostrophe, hyphen, dot or comma between two letters or digits belongs to the word ("30,000", "U.S"). */
    private static boolean inner(String s, int i) {
        char c = s.charAt(i);
        if (i == 0 || i + 1 >= s.length() || "'\u2019-.,".indexOf(c) < 0) {
            return false;
        }
        char before = s.charAt(i - 1);
        char after = s.charAt(i + 1);
        if (c == ',' || c == '.') {
            return Character.isDigit(before) && Character.isDigit(after);
        }
        return Character.isLetterOrDigit(before) && Character.isLetterOrDigit(after);
    }

    /** Matches of {@code pattern} in the sentence that hold a word the question does not use. */
    private static List<Span> patterned(Pattern pattern, String sentence, List<Word> words) {
        List<Span> out = new ArrayList<>();
        Matcher m = pattern.matcher(sentence);
        while (m.find()) {
            Span s = new Span(m.start(), m.end());
            if (m.end() > m.start() && holdsUnasked(s, words)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * Dates and years; a bare number only where it reads as a year, not as part of a telephone number ("(605)
     * 574-2307") or an amount.
     */
    private static List<Span> times(String sentence, List<Word> words) {
        List<Span> out = new ArrayList<>();
        for (Span s : patterned(TIME, sentence, words)) {
            String text = s.of(sentence);
            if (text.matches("\\d{3,4}") && !plausibleYear(sentence, s)) {
                continue;
            }
            out.add(s);
        }
        return out;
    }

    private static boolean plausibleYear(String sentence, Span s) {
        char before = s.start() > 0 ? sentence.charAt(s.start() - 1) : ' ';
        char after = s.end() < sentence.length() ? sentence.charAt(s.end()) : ' ';
        char afterNext = s.end() + 1 < sentence.length() ? sentence.charAt(s.end() + 1) : ' ';
        if (before == '$'
                || before == '-'
                || before == '.'
                || ((after == '-' || after == '.' || after == '/') && Character.isDigit(afterNext))) {
            return false;
        }
        // "(605) 574-2307" is an area code; "(1288)" a year
        String rest =
                sentence.substring(Math.min(sentence.length(), s.end() + 1)).stripLeading();
        return !(before == '(' && after == ')' && !rest.isEmpty() && Character.isDigit(rest.charAt(0)));
    }

    /**
     * Numbers, with the unit after them when the question does not name it ("380 years", not "30,000 men"); never
     * the day of a date ("October 19", "1 March"); only shares ("70%") when the question asks for one and the sentence
     * has some.
     */
    private static List<Span> quantities(String sentence, List<Word> words, boolean countsDates, boolean share) {
        List<Span> out = new ArrayList<>();
        for (Span s : patterned(QUANTITY, sentence, words)) {
            String text = s.of(sentence).strip();
            if (!countsDates && text.matches("1\\d{3}|20\\d{2}") && precededBy(sentence, s.start(), "in")) {
                continue; // "in 1947" is a year, not a count
            }
            if (text.matches("\\d{1,2}") && inDate(sentence, s)) {
                continue;
            }
            int end = s.end();
            Word unit = wordAt(words, end);
            if (unit != null
                    && !unit.asked()
                    && !EDGE_WORDS.contains(unit.lower())
                    && !Character.isDigit(unit.lower().charAt(0))
                    && (!unit.capitalised()
                            || UNIT_SYMBOL.matcher(unit.of(sentence)).matches())) {
                end = unit.end();
            }
            out.add(new Span(s.start(), end));
        }
        if (share) {
            List<Span> shares = out.stream()
                    .filter(s -> s.of(sentence).matches("(?s).*(%|percent|per cent)\\s*$"))
                    .toList();
            if (!shares.isEmpty()) {
                return shares;
            }
        }
        return out;
    }

    /** A day number next to a month name: "October 19", "19 October". */
    private static boolean inDate(String sentence, Span s) {
        String before = sentence.substring(0, s.start()).stripTrailing();
        String after = sentence.substring(s.end()).stripLeading();
        int space = Math.max(before.lastIndexOf(' '), before.lastIndexOf('('));
        String previous = before.substring(space + 1);
        String next = after.split("[^\\p{L}.]", 2)[0];
        return MONTH_WORD.matcher(previous).matches()
                || MONTH_WORD.matcher(next).matches();
    }

    /** The word starting right after {@code offset} (one space), or null. */
    private static Word wordAt(List<Word> words, int offset) {
        for (Word w : words) {
            if (w.start() == offset + 1) {
                return w;
            }
            if (w.start() > offset + 1) {
                return null;
            }
        }
        return null;
    }

    private static boolean precededBy(String sentence, int offset, String word) {
        String before = sentence.substring(0, offset).stripTrailing().toLowerCase(Locale.ROOT);
        return before.endsWith(" " + word) || before.equals(word);
    }

    /**
     * Runs of capitalised words the question does not use ("William the Conqueror"); when some follow one of
     * {@code cues} (a place after in/at/from/to, a person after "by"), only those. The sentence's first word counts when a capitalised word follows it or it is not a common one.
     * Names {@code unlikely} to be the answer come only when there are no others.
     */
    private static List<Span> names(
            String sentence, List<Word> words, Set<String> cues, Set<String> weakCues, Predicate<Span> unlikely) {
        List<Span> out = new ArrayList<>();
        List<Span> doubtful = new ArrayList<>();
        List<Span> cued = new ArrayList<>();
        List<Span> weaklyCued = new ArrayList<>();
        int cuedAhead = -1;
        int i = 0;
        while (i < words.size()) {
            Word w = words.get(i);
            if (!isName(w, i, words)) {
                i++;
                continue;
            }
            int last = i;
            int j = i + 1;
            while (j < words.size() && inOneName(sentence, words.get(j - 1), words.get(j))) {
                Word next = words.get(j);
                if (isName(next, j, words)) {
                    last = j;
                    j++;
                } else if (NAME_JOINERS.contains(next.lower())
                        && j + 1 < words.size()
                        && isName(words.get(j + 1), j + 1, words)
                        && sameClause(sentence, next, words.get(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            if (last == i && (TITLES.contains(w.lower()) || w.lower().matches("[ivxlc]+"))) {
                i++;
                continue; // "Rev." or "IV" alone names nobody
            }
            Span s = withoutPossessive(
                    sentence, new Span(w.start(), words.get(last).end()));
            boolean cue = cuedBy(cues, words, i) || i == cuedAhead;
            int ahead = last == i && cue ? nameAfterDescription(sentence, words, i) : -1;
            if (unlikely.test(s)) {
                doubtful.add(s);
            } else if (ahead >= 0) {
                // "by Spanish architect Enric Miralles": the cue's one capitalised word describes the name after it
                cuedAhead = ahead;
                out.add(s);
            } else if (cue) {
                cued.add(s);
            } else {
                (cuedBy(weakCues, words, i) ? weaklyCued : out).add(s);
            }
            i = last + 1;
        }
        if (!cued.isEmpty()) {
            return cued;
        }
        if (!weaklyCued.isEmpty()) {
            return weaklyCued;
        }
        return out.isEmpty() ? doubtful : out;
    }

    /**
     * The index of a name that follows the one-word name at {@code i} after one or two lower-case words in the same
     * clause ("Spanish architect Enric Miralles", "British engineer Donald Davies"), or -1.
     */
    private static int nameAfterDescription(String sentence, List<Word> words, int i) {
        for (int k = i + 1; k <= i + 3 && k < words.size(); k++) {
            Word next = words.get(k);
            if (!sameClause(sentence, words.get(k - 1), next)) {
                return -1;
            }
            if (k > i + 1 && isName(next, k, words)) {
                return k;
            }
            if (next.capitalised() || next.asked() || EDGE_WORDS.contains(next.lower())) {
                return -1;
            }
        }
        return -1;
    }

    /** Whether one of {@code cues} stands right before word {@code i}, or before "the" before it ("at the NPL"). */
    private static boolean cuedBy(Set<String> cues, List<Word> words, int i) {
        if (i > 0 && cues.contains(words.get(i - 1).lower())) {
            return true;
        }
        return i > 1
                && words.get(i - 1).lower().equals("the")
                && cues.contains(words.get(i - 2).lower());
    }

    /** "Edgar's" names Edgar. */
    private static Span withoutPossessive(String sentence, Span s) {
        String text = s.of(sentence);
        return text.endsWith("'s") || text.endsWith("\u2019s") ? new Span(s.start(), s.end() - 2) : s;
    }

    private static boolean isName(Word w, int index, List<Word> words) {
        if (!w.capitalised() || w.asked() || NOT_NAMES.contains(w.lower())) {
            return false;
        }
        return index > 0
                || words.size() > 1
                        && words.get(1).capitalised()
                        && !words.get(1).asked();
    }

    /** Two words of one name: nothing but spaces between them, or the dot of a title ("St. Bartholomew"). */
    private static boolean inOneName(String sentence, Word a, Word b) {
        String between = sentence.substring(a.end(), b.start());
        return between.isBlank() || between.strip().equals(".") && TITLES.contains(a.lower());
    }

    /** No clause break (comma, semicolon, parenthesis, dash, line end) between two words. */
    static boolean sameClause(String sentence, Word a, Word b) {
        return !CLAUSE_BREAK.matcher(sentence.substring(a.end(), b.start())).find();
    }

    /**
     * The clause a cue opens after the question's first word in the sentence: a cause for "why" ("because ...", "due
     * to ...", else "to ..."), a means for "how" ("by ...", "through ...", "using ..."); {@code fallback} is tried when
     * {@code cue} is not found, and may be null.
     */
    private static Span clause(String sentence, List<Word> words, Pattern cue, Pattern fallback) {
        int after = 0;
        for (Word w : words) {
            if (w.asked()) {
                after = w.start();
                break;
            }
        }
        String lower = sentence.toLowerCase(Locale.ROOT);
        Matcher m = cue.matcher(lower);
        if (!m.find(after) && !m.find(0)) { // a cause may also come first: "In response to ..., OPEC raised ..."
            m = fallback == null ? null : fallback.matcher(lower);
            if (m == null || !m.find(after)) {
                return null;
            }
        }
        int start = m.group().startsWith("because") || m.group().startsWith("in re") ? m.end() : m.start();
        Matcher stop = CLAUSE_BREAK.matcher(sentence);
        int end = stop.find(m.end()) ? stop.start() : sentence.length();
        return trimmed(sentence, new Span(start, end));
    }

    /**
     * The run of words the question does not use, inside one clause, nearest the words it does use (after them on
     * a tie: "Normandy is located in France"), cut to {@link #MAX_WORDS} words nearest them.
     */
    private static Span generic(String sentence, List<Word> words) {
        List<int[]> runs = new ArrayList<>(); // [first word, last word]
        int i = 0;
        while (i < words.size()) {
            if (words.get(i).asked()) {
                i++;
                continue;
            }
            int j = i;
            while (j + 1 < words.size()
                    && !words.get(j + 1).asked()
                    && sameClause(sentence, words.get(j), words.get(j + 1))) {
                j++;
            }
            runs.add(new int[] {i, j});
            i = j + 1;
        }
        int[] best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (int[] run : runs) {
            Span trimmed = trimmed(
                    sentence,
                    new Span(words.get(run[0]).start(), words.get(run[1]).end()));
            if (trimmed == null) {
                continue;
            }
            int distance = distance(run[0], run[1], words);
            boolean after = run[0] > 0 && words.get(run[0] - 1).asked();
            int key = distance * 2 + (after ? 0 : 1);
            if (key < bestDistance) {
                bestDistance = key;
                best = run;
            }
        }
        if (best == null) {
            return null;
        }
        int first = best[0];
        int last = best[1];
        if (last - first + 1 > MAX_WORDS) {
            boolean askedBefore = first > 0 && words.get(first - 1).asked();
            if (askedBefore) {
                last = first + MAX_WORDS - 1;
            } else {
                first = last - MAX_WORDS + 1;
            }
        }
        return trimmed(
                sentence, new Span(words.get(first).start(), words.get(last).end()));
    }

    /** The span without leading and trailing function words (and punctuation), or null when nothing is left. */
    static Span trimmed(String sentence, Span span) {
        List<Word> inside = new ArrayList<>();
        for (Word w : words(sentence.substring(0, span.end()), Set.of())) {
            if (w.start() >= span.start()) {
                inside.add(w);
            }
        }
        int a = 0;
        int b = inside.size() - 1;
        while (a <= b && EDGE_WORDS.contains(inside.get(a).lower())) {
            a++;
        }
        while (b >= a
                && (EDGE_WORDS.contains(inside.get(b).lower())
                        || NOT_NAMES.contains(inside.get(b).lower())
                                && !inside.get(b).capitalised())) {
            b--;
        }
        return a > b ? null : new Span(inside.get(a).start(), inside.get(b).end());
    }

    /** The candidate nearest (in words) to a word the question uses; the first on a tie. */
    private static Span nearest(List<Span> candidates, List<Word> words) {
        Span best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Span s : candidates) {
            int first = -1;
            int last = -1;
            for (int i = 0; i < words.size(); i++) {
                Word w = words.get(i);
                if (w.end() > s.start() && w.start() < s.end()) {
                    if (first < 0) {
                        first = i;
                    }
                    last = i;
                }
            }
            if (first < 0) {
                continue;
            }
            int d = distance(first, last, words);
            if (d < bestDistance) {
                bestDistance = d;
                best = s;
            }
        }
        return best;
    }

    /** Words between [first, last] and the nearest word the question uses; 0 when it uses none of the sentence. */
    private static int distance(int first, int last, List<Word> words) {
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).asked()) {
                int d = i < first ? first - i : i > last ? i - last : 0;
                best = Math.min(best, d);
            }
        }
        return best == Integer.MAX_VALUE ? 0 : best;
    }

    private static boolean holdsUnasked(Span s, List<Word> words) {
        for (Word w : words) {
            if (w.end() > s.start() && w.start() < s.end() && !w.asked()) {
                return true;
            }
        }
        return false;
    }
}
