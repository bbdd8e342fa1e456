package dev.docent.answer.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The default answerer, needing no LLM: it quotes the evidence sentences that best match the
 * question, each followed by a citation marker.
 *
 * <p>Score of a sentence s for question q (content-word stems Q, candidate sentences C):
 *
 * <pre>
 *   idf(t)    = 1 + ln((|C| + 1) / (df(t) + 1))          df over the candidate sentences
 *   lexical   = sum_{t in Q and t in s} idf(t) / sum_{t in Q} idf(t)      in [0, 1]
 *   score     = lexical == 0 ? 0 : (1 - RANK_WEIGHT) * lexical + RANK_WEIGHT / (1 + rank)
 *   score    *= NEGATION_MISMATCH   when the question is negated and s is not ({@link Negation})
 *   score    *= KIND_MISMATCH       when the question asks for a time, number, person or place and s has none
 * </pre>
 *
 * where {@code rank} is the 0-based retrieval rank of the sentence's chunk (by evidence score,
 * ties by evidence order). With a {@link SentenceRanking}, the best sentences are then ordered by meaning as well
 * (ADR 0025); their scores, and so the thresholds below, stay the ones above. The answer's support is the best score, plus {@code similarityWeight *
 * (s - similarityOffset)} when the evidence carries its cosine similarity to the question ({@code s}
 * is the best one), clamped to [0, 1]; the answer is grounded when the support is at least {@code
 * minSupport}. Deterministic: ties are broken by evidence order, then sentence position.
 */
public final class ExtractiveAnswerer implements Answerer {

    public static final String NAME = "extractive";
    public static final String NOT_FOUND = "I could not find this in the documents.";

    /** Weight of the retrieval-rank bonus in the sentence score. */
    static final double RANK_WEIGHT = 0.05;

    /**
     * Factor on the score of a sentence that does not share the question's negation: "X was approved" does not
     * answer "Which drug was not approved?". Measured on SQuAD 2.0 (docs/answers.md): abstention recall on
     * unanswerable questions 0.484 -> 0.519 and precision 0.594 -> 0.610 at the default threshold.
     */
    static final double NEGATION_MISMATCH = 0.7;

    /**
     * Factor on the score of a sentence that holds nothing of the kind a typed question asks for ({@link
     * ShortAnswers}: no date for "when", no number for "how many", no name for "who" or "where"). Measured offline on
     * SQuAD 2.0 dev-a (docs/answers.md): support AUC 0.595 -> 0.601, abstention recall 0.513 -> 0.531 at precision
     * 0.606 -> 0.610, answerable questions answered 0.607 -> 0.601, short-answer F1 0.390 -> 0.393.
     */
    static final double KIND_MISMATCH = 0.8;

    private static final Logger LOG = Logger.getLogger(ExtractiveAnswerer.class);

    /**
     * Phrases that frame a question without naming its topic, and which the answering sentence rarely repeats: "When
     * did the Battle of Hastings take place?" is answered by "... the Battle of Hastings in 1066". Left out of the
     * words a sentence must cover. On SQuAD-a offline: short F1 0.2837 -> 0.2861, abstention precision 0.6398 ->
     * 0.6409, recall 0.5461 -> 0.5428. ("stand for" was left out too, and taken back: "What does MEBT stand for?" then
     * needed nothing but "MEBT", and any sentence naming MEBT answered it.)
     */
    static final java.util.regex.Pattern FRAMING_PHRASES =
            java.util.regex.Pattern.compile("(?i)\\b(take|takes|took|taken|taking) place\\b|\\bhappen(s|ed)?\\b");

    /** Non-adjacent extra sentences must reach this fraction of the best score (and minSupport). */
    static final double EXTRA_FRACTION = 0.5;

    /** Sentences adjacent to an already chosen one need only this fraction of the best score. */
    static final double ADJACENT_FRACTION = 0.5;

    /**
     * An extra sentence sharing at least this share of its content terms (Jaccard) with a chosen one restates it
     * (abstract, introduction and body often say the same thing) and is left out.
     */
    static final double REDUNDANT_OVERLAP = 0.6;

    /** A span without terminal punctuation and at most this many words is a title, heading or byline. */
    static final int HEADING_MAX_WORDS = 8;

    private static final Set<String> STOPWORDS =
            Set.of(("a about above after again against all am an and any are as at be because been before being "
                            + "below between both but by can could did do does doing done down during each either else "
                            + "few for from further had has have having he her here hers herself him himself his how "
                            + "however i if in into is it its itself just may me might more most must my myself neither "
                            + "no nor not of off on once only or other our ours ourselves out over own please same shall "
                            + "she should so some such tell than that the their theirs them themselves then there these "
                            + "they this those through to too under until up us very was we were what when where which "
                            + "while who whom whose why will with would you your yours yourself yourselves also there's "
                            + "what's it's let lets many much per via yes")
                    .split(" "));

    private final double minSupport;
    private final int maxSentences;
    private final double similarityWeight;
    private final double similarityOffset;
    private final SentenceRanking ranking;

    /** An answerer whose support is lexical only. */
    public ExtractiveAnswerer(double minSupport, int maxSentences) {
        this(minSupport, maxSentences, 0, 0);
    }

    public ExtractiveAnswerer(double minSupport, int maxSentences, double similarityWeight, double similarityOffset) {
        this(minSupport, maxSentences, similarityWeight, similarityOffset, SentenceRanking.NONE);
    }

    public ExtractiveAnswerer(
            double minSupport,
            int maxSentences,
            double similarityWeight,
            double similarityOffset,
            SentenceRanking ranking) {
        if (Double.isNaN(minSupport) || minSupport < 0 || minSupport > 1) {
            throw new IllegalArgumentException("minSupport must be in [0, 1]: " + minSupport);
        }
        if (maxSentences < 1) {
            throw new IllegalArgumentException("maxSentences must be >= 1: " + maxSentences);
        }
        if (Double.isNaN(similarityWeight) || similarityWeight < 0 || Double.isNaN(similarityOffset)) {
            throw new IllegalArgumentException("similarity weight must be >= 0 and offset a number");
        }
        this.minSupport = minSupport;
        this.maxSentences = maxSentences;
        this.similarityWeight = similarityWeight;
        this.similarityOffset = similarityOffset;
        this.ranking = Objects.requireNonNull(ranking);
    }

    /**
     * A candidate sentence of evidence {@code ev}, the {@code pos}-th of its chunk; {@code polarity} is 1, times
     * {@link #NEGATION_MISMATCH} when it lacks the question's negation and {@link #KIND_MISMATCH} when it lacks the
     * kind of answer the question asks for.
     */
    record Candidate(int ev, int pos, SentenceSplitter.Span span, Set<String> terms, double polarity, double score) {}

    @Override
    public Answer answer(String question, List<Evidence> evidence) {
        if (question == null || evidence == null || evidence.isEmpty()) {
            return notFound();
        }
        if (OverviewIntent.matches(question)) {
            Answer overview = overview(evidence);
            if (overview != null) {
                return overview;
            }
        }
        Set<String> questionTerms = terms(FRAMING_PHRASES.matcher(question).replaceAll(" "));
        if (questionTerms.isEmpty()) {
            return notFound();
        }

        int[] rank = retrievalRanks(evidence);
        boolean negatedQuestion = Negation.inQuestion(question);
        ShortAnswers.Question asks = ShortAnswers.Question.of(question);

        // candidate sentences, with their term sets
        List<Candidate> raw = new ArrayList<>();
        for (int e = 0; e < evidence.size(); e++) {
            Evidence ev = evidence.get(e);
            if (ev == null || ev.text() == null) {
                continue;
            }
            List<SentenceSplitter.Span> spans = SentenceSplitter.split(ev.text());
            for (int p = 0; p < spans.size(); p++) {
                SentenceSplitter.Span span = spans.get(p);
                String sentence = span.of(ev.text());
                if (InstructionFilter.suspicious(sentence)) {
                    continue; // an injected instruction or exfiltration link is never quoted
                }
                double polarity = negatedQuestion && !Negation.inSentence(sentence) ? NEGATION_MISMATCH : 1.0;
                if (asks.typed() && ShortAnswers.find(asks, sentence) == null) {
                    polarity *= KIND_MISMATCH;
                }
                Set<String> terms = terms(sentence);
                if (RowQuotes.isRow(sentence)) {
                    // a table row is about its columns too: "the field length of ..." meets the row under them
                    String header = RowQuotes.header(ev.text(), span.start(), ev.tableHeader());
                    if (header != null) {
                        terms.addAll(terms(header));
                    }
                }
                raw.add(new Candidate(e, p, span, terms, polarity, 0));
            }
        }
        if (raw.isEmpty()) {
            return notFound();
        }

        // IDF over candidate sentences
        Map<String, Integer> df = new HashMap<>();
        for (Candidate c : raw) {
            for (String t : c.terms()) {
                if (questionTerms.contains(t)) {
                    df.merge(t, 1, Integer::sum);
                }
            }
        }
        int n = raw.size();
        Map<String, Double> idf = new HashMap<>();
        double total = 0;
        for (String t : questionTerms) {
            double w = 1 + Math.log((n + 1.0) / (df.getOrDefault(t, 0) + 1.0));
            idf.put(t, w);
            total += w;
        }

        List<Candidate> scored = new ArrayList<>(n);
        for (Candidate c : raw) {
            double overlap = 0;
            for (String t : questionTerms) {
                if (c.terms().contains(t)) {
                    overlap += idf.get(t);
                }
            }
            double lexical = Math.min(1.0, overlap / total);
            double score = lexical <= 0
                    ? 0
                    : c.polarity() * ((1 - RANK_WEIGHT) * lexical + RANK_WEIGHT / (1.0 + rank[c.ev()]));
            scored.add(new Candidate(c.ev(), c.pos(), c.span(), c.terms(), c.polarity(), score));
        }

        Comparator<Candidate> byScore = Comparator.comparingDouble(Candidate::score)
                .reversed()
                .thenComparingInt(Candidate::ev)
                .thenComparingInt(Candidate::pos);
        List<Candidate> ranked = new ArrayList<>(scored);
        ranked.sort(byScore);
        // abstention is decided on word coverage (ADR 0023); meaning only reorders what is quoted (ADR 0025)
        double covered = ranked.get(0).score();
        double support = support(covered, evidence);
        if (covered <= 0 || support < minSupport) {
            return notFound().withSupport(support);
        }
        double extraThreshold = Math.max(minSupport, covered * EXTRA_FRACTION);
        double adjacentThreshold = covered * ADJACENT_FRACTION;
        if (ranking.enabled()) {
            // a sentence under both thresholds is never quoted, so it need not be compared
            ranked = byMeaning(question, ranked, evidence, Math.min(extraThreshold, adjacentThreshold));
        }

        Candidate best = ranked.get(0);
        List<Candidate> chosen = new ArrayList<>();
        Set<String> seenText = new HashSet<>();
        Candidate primary = isSectionHeading(best, evidence)
                ? sectionBody(best, ranked, evidence, questionTerms, adjacentThreshold)
                : best;
        choose(primary, evidence, chosen, seenText);
        if (introducesList(primary, evidence)) {
            // "... shall contain the following information:" is answered by what follows it, not by itself
            for (int pos = primary.pos() + 1; chosen.size() < maxSentences; pos++) {
                Candidate item = at(ranked, primary.ev(), pos);
                if (item == null || isHeading(item, evidence) || isDuplicate(item, evidence, seenText, chosen)) {
                    break;
                }
                choose(item, evidence, chosen, seenText);
            }
        }

        while (chosen.size() < maxSentences) {
            Candidate next = null;
            // prefer a scoring sentence adjacent to a chosen one
            for (Candidate c : ranked) {
                if (c.score() <= 0 || c.score() < adjacentThreshold) {
                    continue; // ranked by meaning too, so a weaker one may come before a stronger one
                }
                if (isAdjacent(c, chosen) && !isDuplicate(c, evidence, seenText, chosen) && !isHeading(c, evidence)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                for (Candidate c : ranked) {
                    if (c.score() <= 0 || c.score() < extraThreshold) {
                        continue;
                    }
                    if (!chosen.contains(c) && !isDuplicate(c, evidence, seenText, chosen) && !isHeading(c, evidence)) {
                        next = c;
                        break;
                    }
                }
            }
            if (next == null) {
                break;
            }
            choose(next, evidence, chosen, seenText);
        }

        Answer answer = quoted(chosen, evidence, support);
        return answer.withShortAnswer(shortAnswer(asks, primary, chosen, evidence));
    }

    /**
     * {@code ranked} reordered by {@link SentenceRanking}: the best sentences by word coverage are ordered by their
     * score less how much further in meaning from the question they are than the closest of them; only those scoring
     * at least {@code quotable} are compared. Scores stay word coverage, so the thresholds for extra sentences keep
     * their meaning. Unchanged when the similarity fails: an
     * answer never depends on the embedding model being available.
     */
    private List<Candidate> byMeaning(
            String question, List<Candidate> ranked, List<Evidence> evidence, double quotable) {
        int depth = 0;
        while (depth < Math.min(ranking.depth(), ranked.size())
                && ranked.get(depth).score() > 0
                && ranked.get(depth).score() >= quotable) {
            depth++;
        }
        if (depth < 2) {
            return ranked;
        }
        List<String> texts = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            Candidate c = ranked.get(i);
            texts.add(c.span().of(evidence.get(c.ev()).text()));
        }
        double[] penalty;
        try {
            penalty = ranking.penalties(ranking.similarity().of(question, texts), depth);
        } catch (RuntimeException e) {
            LOG.debugf(e, "sentence similarity failed; quoting by word coverage alone");
            return ranked;
        }
        if (penalty == null) {
            return ranked;
        }
        double[] order = new double[ranked.size()];
        List<Integer> indices = new ArrayList<>(ranked.size());
        for (int i = 0; i < ranked.size(); i++) {
            double score = ranked.get(i).score();
            order[i] = score <= 0 ? score : score - penalty[Math.min(i, depth)];
            indices.add(i);
        }
        // stable: ties keep the word-coverage order
        indices.sort(Comparator.comparingDouble((Integer i) -> order[i]).reversed());
        return indices.stream().map(ranked::get).toList();
    }

    /**
     * The words of a quoted sentence that answer the question ({@link ShortAnswers}), with the marker of its citation
     * and offsets in the document: from the primary sentence, else from the next best quoted one that has them (a
     * "when" question whose best sentence holds no date, next to one that does); null when none does. A table row
     * gives none: the row is already short.
     */
    private static Answer.ShortAnswer shortAnswer(
            ShortAnswers.Question asks, Candidate primary, List<Candidate> chosen, List<Evidence> evidence) {
        List<Candidate> order = new ArrayList<>(chosen);
        order.sort(Comparator.comparing((Candidate c) -> !c.equals(primary))
                .thenComparing(Comparator.comparingDouble(Candidate::score).reversed()));
        for (Candidate c : order) {
            Evidence ev = evidence.get(c.ev());
            String sentence = c.span().of(ev.text());
            ShortAnswers.Span span = RowQuotes.isRow(sentence) ? null : ShortAnswers.find(asks, sentence);
            if (span != null) {
                int start = ev.chunkStart() + c.span().start() + span.start();
                return new Answer.ShortAnswer(
                        span.of(sentence), chosen.indexOf(c) + 1, start, start + span.end() - span.start());
            }
        }
        return null;
    }

    /**
     * What to quote when a heading matched the question best ("Refund policy" for "What is the refund policy?"): a
     * heading states nothing, the section under it does. Of its section (after it in its chunk, before the next
     * heading): the best sentence reaching {@code threshold}, else the best one holding a question term the heading
     * lacks (the row "7 49" under "Numbers and their squares" for "the square of 7"), else the first sentence; the
     * heading itself only when its chunk holds nothing after it.
     */
    private static Candidate sectionBody(
            Candidate heading,
            List<Candidate> ranked,
            List<Evidence> evidence,
            Set<String> questionTerms,
            double threshold) {
        int end = Integer.MAX_VALUE;
        for (Candidate c : ranked) {
            if (c.ev() == heading.ev() && c.pos() > heading.pos() && isSectionHeading(c, evidence)) {
                end = Math.min(end, c.pos());
            }
        }
        Candidate first = null;
        Candidate adds = null;
        for (Candidate c : ranked) {
            if (c.ev() != heading.ev() || c.pos() <= heading.pos() || c.pos() >= end) {
                continue;
            }
            if (c.score() > 0 && c.score() >= threshold) {
                return c; // ranked is best first
            }
            if (adds == null && addsTo(c, heading, questionTerms)) {
                adds = c;
            }
            if (first == null || c.pos() < first.pos()) {
                first = c;
            }
        }
        return adds != null ? adds : first == null ? heading : first;
    }

    /** A heading that opens a section: short and unpunctuated, but not a table row (rows are short too). */
    private static boolean isSectionHeading(Candidate c, List<Evidence> evidence) {
        return isHeading(c, evidence)
                && !RowQuotes.isRow(c.span().of(evidence.get(c.ev()).text()));
    }

    private static boolean addsTo(Candidate c, Candidate heading, Set<String> questionTerms) {
        for (String t : questionTerms) {
            if (c.terms().contains(t) && !heading.terms().contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** The answer quoting {@code chosen} in document order, one citation each. */
    private static Answer quoted(List<Candidate> chosen, List<Evidence> evidence, double support) {
        chosen.sort(Comparator.comparingInt(Candidate::ev).thenComparingInt(Candidate::pos));

        StringBuilder text = new StringBuilder();
        Set<String> named = new HashSet<>(); // table headers whose columns the answer has named
        List<Citation> citations = new ArrayList<>(chosen.size());
        int marker = 1;
        for (Candidate c : chosen) {
            Evidence ev = evidence.get(c.ev());
            String quote = c.span().of(ev.text());
            int charStart = ev.chunkStart() + c.span().start();
            int charEnd = ev.chunkStart() + c.span().end();
            if (text.length() > 0) {
                text.append(' ');
            }
            String row = RowQuotes.render(ev.text(), c.span().start(), c.span().end(), ev.tableHeader(), named);
            text.append(SourceMarkers.neutralise(row == null ? quote : row).replaceAll("\\s+", " "))
                    .append(" [")
                    .append(marker)
                    .append(']');
            citations.add(new Citation(
                    marker,
                    ev.documentId(),
                    ev.documentTitle(),
                    ev.chunkId(),
                    page(ev.pageStarts(), charStart),
                    charStart,
                    charEnd,
                    quote));
            marker++;
        }
        return new Answer(text.toString(), true, List.copyOf(citations), NAME).withSupport(support);
    }

    /**
     * The best sentence's score, moved by how close in meaning the best evidence chunk is to the question, when the
     * evidence says: SQuAD 2.0's unanswerable questions share the paragraph's words as much as the answerable ones
     * do, but sit further from it in the embedding space (docs/answers.md).
     */
    private double support(double lexical, List<Evidence> evidence) {
        double best = Double.NaN;
        for (Evidence ev : evidence) {
            if (ev != null && ev.similarity() != null && (Double.isNaN(best) || ev.similarity() > best)) {
                best = ev.similarity();
            }
        }
        if (Double.isNaN(best) || similarityWeight == 0) {
            return lexical;
        }
        return Math.max(0, Math.min(1, lexical + similarityWeight * (best - similarityOffset)));
    }

    /** A question about a document as a whole ({@link OverviewQuotes}); null when no evidence starts a document. */
    private Answer overview(List<Evidence> evidence) {
        OverviewQuotes.Selection selection = OverviewQuotes.select(evidence);
        if (selection == null) {
            return null;
        }
        return selection.sentences().isEmpty()
                ? notFound()
                : overviewAnswer(new ArrayList<>(selection.sentences()), evidence, selection.support());
    }

    private Answer overviewAnswer(List<Candidate> from, List<Evidence> evidence, double support) {
        if (support < minSupport) {
            return notFound().withSupport(support);
        }
        from.sort(Comparator.comparingInt(
                (Candidate c) -> evidence.get(c.ev()).chunkStart() + c.span().start()));
        List<Candidate> chosen = new ArrayList<>();
        Set<String> seenText = new HashSet<>();
        for (Candidate c : from) {
            if (chosen.size() >= OverviewQuotes.SENTENCES) {
                break;
            }
            if (!isDuplicate(c, evidence, seenText, chosen)) {
                choose(c, evidence, chosen, seenText);
            }
        }
        return quoted(chosen, evidence, support);
    }

    private static Answer notFound() {
        return new Answer(NOT_FOUND, false, List.of(), NAME).withSupport(0);
    }

    /** A sentence that ends with a colon: what it introduces follows it (a list, a table, a quotation). */
    private static boolean introducesList(Candidate c, List<Evidence> evidence) {
        return c.span().of(evidence.get(c.ev()).text()).stripTrailing().endsWith(":");
    }

    /** The candidate sentence at position {@code pos} of evidence {@code ev}, or null. */
    private static Candidate at(List<Candidate> candidates, int ev, int pos) {
        for (Candidate c : candidates) {
            if (c.ev() == ev && c.pos() == pos) {
                return c;
            }
        }
        return null;
    }

    private static void choose(Candidate c, List<Evidence> evidence, List<Candidate> chosen, Set<String> seenText) {
        chosen.add(c);
        seenText.add(textKey(c, evidence));
    }

    /**
     * The same sentence (by text), a sentence overlapping a chosen one in the same document (overlapping chunks
     * repeat sentences, sometimes cut at a different place), or one that restates a chosen one.
     */
    private static boolean isDuplicate(
            Candidate c, List<Evidence> evidence, Set<String> seenText, List<Candidate> chosen) {
        if (seenText.contains(textKey(c, evidence))) {
            return true;
        }
        Evidence ev = evidence.get(c.ev());
        int start = ev.chunkStart() + c.span().start();
        int end = ev.chunkStart() + c.span().end();
        for (Candidate s : chosen) {
            if (jaccard(c.terms(), s.terms()) >= REDUNDANT_OVERLAP) {
                return true;
            }
            Evidence other = evidence.get(s.ev());
            if (Objects.equals(other.documentId(), ev.documentId())
                    && start < other.chunkStart() + s.span().end()
                    && other.chunkStart() + s.span().start() < end) {
                return true;
            }
        }
        return false;
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int shared = 0;
        for (String t : a) {
            if (b.contains(t)) {
                shared++;
            }
        }
        return shared / (double) (a.size() + b.size() - shared);
    }

    private static String textKey(Candidate c, List<Evidence> evidence) {
        return c.span().of(evidence.get(c.ev()).text()).replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /**
     * Titles, headings and author lines (short, no terminal punctuation) are never quoted as extra sentences: they
     * share the topic's words with the question but state nothing.
     */
    static boolean isHeading(Candidate c, List<Evidence> evidence) {
        String text = c.span().of(evidence.get(c.ev()).text()).strip();
        return !endsSentence(text) && text.split("\\s+").length <= HEADING_MAX_WORDS;
    }

    /** Whether stripped {@code text} ends like a sentence (terminal punctuation, maybe a closing quote); empty does. */
    static boolean endsSentence(String text) {
        return text.isEmpty() || ".!?\"'\u201D)".indexOf(text.charAt(text.length() - 1)) >= 0;
    }

    private static boolean isAdjacent(Candidate c, List<Candidate> chosen) {
        for (Candidate s : chosen) {
            if (s.ev() == c.ev() && Math.abs(s.pos() - c.pos()) == 1) {
                return true;
            }
        }
        return false;
    }

    /** 0-based retrieval rank of each evidence: by score descending, ties by evidence order. */
    private static int[] retrievalRanks(List<Evidence> evidence) {
        int size = evidence.size();
        List<Integer> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> {
                    Evidence ev = evidence.get(i);
                    return ev == null || Double.isNaN(ev.score()) ? Double.NEGATIVE_INFINITY : ev.score();
                })
                .reversed()
                .thenComparingInt(i -> i));
        int[] rank = new int[size];
        for (int r = 0; r < size; r++) {
            rank[order.get(r)] = r;
        }
        return rank;
    }

    /** 1-based page containing {@code charStart}; null when the document is not paginated. */
    public static Integer page(List<Integer> pageStarts, int charStart) {
        if (pageStarts == null || pageStarts.isEmpty()) {
            return null;
        }
        int count = 0;
        for (Integer start : pageStarts) {
            if (start != null && start <= charStart) {
                count++;
            }
        }
        return Math.max(1, count);
    }

    /** Distinct stemmed content words of {@code text}. */
    public static Set<String> terms(String text) {
        Set<String> out = new LinkedHashSet<>();
        String lower = text.toLowerCase(Locale.ROOT);
        int i = 0;
        int n = lower.length();
        while (i < n) {
            while (i < n && !Character.isLetterOrDigit(lower.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && (Character.isLetterOrDigit(lower.charAt(i)) || isInnerApostrophe(lower, i))) {
                i++;
            }
            if (i > start) {
                String word = lower.substring(start, i);
                if (STOPWORDS.contains(word)) {
                    continue;
                }
                int apostrophe = word.indexOf('\'');
                if (apostrophe > 0) {
                    word = word.substring(0, apostrophe); // "docent's" -> "docent"
                }
                if (word.length() < 2 && !Character.isDigit(word.charAt(0))) {
                    continue;
                }
                if (STOPWORDS.contains(word)) {
                    continue;
                }
                out.add(stem(word));
            }
        }
        return out;
    }

    private static boolean isInnerApostrophe(String s, int i) {
        char c = s.charAt(i);
        return (c == '\'' || c == '\u2019')
                && i > 0
                && i + 1 < s.length()
                && Character.isLetter(s.charAt(i - 1))
                && Character.isLetter(s.charAt(i + 1));
    }

    /** Crude suffix stemming: plurals, -ed, -ing, then a final -e, so use/uses/used/using agree. */
    static String stem(String word) {
        if (word.isEmpty() || !Character.isLetter(word.charAt(word.length() - 1))) {
            return word;
        }
        String w = word;
        if (w.length() > 4 && w.endsWith("ies")) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.length() > 4
                && (w.endsWith("sses")
                        || w.endsWith("xes")
                        || w.endsWith("zes")
                        || w.endsWith("ches")
                        || w.endsWith("shes"))) {
            w = w.substring(0, w.length() - 2);
        } else if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        } else if (w.length() > 4 && w.endsWith("ing") && hasVowel(w, w.length() - 3)) {
            w = undouble(w.substring(0, w.length() - 3));
        } else if (w.length() > 3 && w.endsWith("ed") && !w.endsWith("eed") && hasVowel(w, w.length() - 2)) {
            w = undouble(w.substring(0, w.length() - 2));
        }
        if (w.length() >= 3 && w.endsWith("e")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    private static boolean hasVowel(String w, int end) {
        for (int i = 0; i < end; i++) {
            if ("aeiouy".indexOf(w.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String undouble(String w) {
        int len = w.length();
        if (len > 3) {
            char last = w.charAt(len - 1);
            if (last == w.charAt(len - 2) && "bdfgmnprt".indexOf(last) >= 0) {
                return w.substring(0, len - 1);
            }
        }
        return w;
    }
}
