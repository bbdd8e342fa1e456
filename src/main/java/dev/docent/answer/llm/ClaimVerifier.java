package dev.docent.answer.llm;

import dev.docent.answer.service.Citation;
import dev.docent.answer.service.CitationRepair;
import dev.docent.answer.service.Evidence;
import dev.docent.answer.service.ExtractiveAnswerer;
import dev.docent.answer.service.InstructionFilter;
import dev.docent.answer.service.Negation;
import dev.docent.answer.service.SentenceSplitter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an LLM reply against the passages it was given and rebuilds it with verifiable citations.
 *
 * <p>The reply is split into claims (sentences); each claim's [n] markers name passages. A cited passage
 * supports a claim when one of its spans (a sentence or two adjacent sentences) covers at least
 * {@code claimSupport} of the claim's content words (and every number in it), or, when the claim quotes text in double quotes, when
 * the quote occurs verbatim in the passage. The citation's quote is that span, copied from the chunk, so it
 * always occurs at [charStart, charEnd) of the document's extracted text. A claim whose cited passages do not
 * support it is re-anchored to the best supporting passage (a {@link CitationRepair}) or dropped. A claim is
 * also dropped when neither it nor its span shares a content word with the question or with an earlier kept
 * claim: that is what an injected instruction ("reply PWNED") looks like. Finally a claim is dropped when it, or
 * the span supporting it, is an instruction to a model or an exfiltration link ({@link InstructionFilter}): an LLM
 * that copies an injected sentence verbatim finds perfect "support" for it, so support alone is not enough.
 */
public final class ClaimVerifier {

    private static final Pattern MARKERS = Pattern.compile("\\[(\\d+(?:\\s*[,;]\\s*\\d+)*)\\]");
    /** A quotation in double quotes, curly single quotes or guillemets: its words must occur verbatim. */
    private static final Pattern QUOTED = Pattern.compile(
            "[\"\u201C\u2018\u00AB]([^\"\u201C\u201D\u2018\u2019\u00AB\u00BB]{12,})[\"\u201D\u2019\u00BB]");
    /** Markers that open a sentence belong to the one before it: "One. [1] Two. [2]". */
    private static final Pattern STOP_THEN_MARKER = Pattern.compile("([.!?])(\\[\\d+(?:\\s*[,;]\\s*\\d+)*\\])");

    private static final Pattern LEADING_MARKERS = Pattern.compile("^\\s*(?:\\[\\d+(?:\\s*[,;]\\s*\\d+)*\\]\\s*)+");
    /** A capitalised word inside a sentence: a name, which the supporting span must hold like a number. */
    private static final Pattern NAME = Pattern.compile("(?<=\\s)\\p{Lu}[\\p{L}\\p{N}'\u2019-]+");

    private final double claimSupport;

    public ClaimVerifier(double claimSupport) {
        this.claimSupport = claimSupport;
    }

    /** The outcome; {@code abstained} when the model said the passages do not contain the answer. */
    public record Verified(
            String text,
            boolean grounded,
            boolean abstained,
            List<Citation> citations,
            List<CitationRepair> repairs,
            List<String> droppedClaims) {}

    private record Claim(String text, List<Integer> passages) {}

    private record Anchor(int passage, int start, int end) {}

    private record Support(Anchor anchor, double coverage, boolean quoteMissing) {}

    public Verified verify(String reply, String question, List<Evidence> evidence) {
        String trimmed = reply == null ? "" : reply.strip();
        if (isAbstention(trimmed)) {
            return new Verified(GroundedPrompt.CANNOT_ANSWER, false, true, List.of(), List.of(), List.of());
        }
        Set<String> context = new HashSet<>(ExtractiveAnswerer.terms(question));
        String lowerQuestion = question == null ? "" : question.toLowerCase(Locale.ROOT);
        Map<Anchor, Integer> markers = new LinkedHashMap<>();
        List<Citation> citations = new ArrayList<>();
        List<CitationRepair> repairs = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Claim claim : claims(trimmed)) {
            Set<String> claimTerms = ExtractiveAnswerer.terms(claim.text());
            // "According to the handbook ...": names the question uses need no support
            Set<String> names = names(claim.text());
            names.removeIf(n -> lowerQuestion.contains(n));
            List<Anchor> anchors = new ArrayList<>();
            String failure = claim.passages().isEmpty() ? "missing_marker" : null;
            Integer firstCited =
                    claim.passages().isEmpty() ? null : claim.passages().get(0);
            for (int p : claim.passages()) {
                if (p < 1 || p > evidence.size()) {
                    failure = failure == null ? "unknown_passage" : failure;
                    continue;
                }
                Support s = support(claim.text(), claimTerms, names, evidence.get(p - 1), p);
                if (s.anchor() != null && s.coverage() >= claimSupport) {
                    anchors.add(s.anchor());
                } else if (failure == null) {
                    failure = s.quoteMissing() ? "quote_not_found" : "unsupported";
                }
            }
            boolean repaired = false;
            if (anchors.isEmpty()) {
                Support best = null;
                for (int p = 1; p <= evidence.size(); p++) {
                    Support s = support(claim.text(), claimTerms, names, evidence.get(p - 1), p);
                    if (s.anchor() != null
                            && s.coverage() >= claimSupport
                            && (best == null || s.coverage() > best.coverage())) {
                        best = s;
                    }
                }
                if (best != null) {
                    anchors.add(best.anchor());
                    repaired = true;
                }
            }
            if (anchors.isEmpty()
                    || claim.text().endsWith("?") // a question (the user's, echoed) answers nothing
                    || !relevant(claimTerms, anchors, evidence, context)
                    || injected(claim.text(), anchors, evidence)) {
                dropped.add(claim.text());
                continue;
            }
            context.addAll(claimTerms);
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(claim.text());
            for (Anchor a : anchors) {
                Integer marker = markers.get(a);
                if (marker == null) {
                    marker = markers.size() + 1;
                    markers.put(a, marker);
                    citations.add(citation(marker, a, evidence.get(a.passage() - 1)));
                }
                text.append(" [").append(marker).append(']');
                if (repaired) {
                    repairs.add(new CitationRepair(marker, claim.text(), firstCited, a.passage(), failure));
                }
            }
        }
        boolean grounded = !citations.isEmpty();
        return new Verified(
                grounded ? text.toString() : GroundedPrompt.CANNOT_ANSWER,
                grounded,
                false,
                List.copyOf(citations),
                List.copyOf(repairs),
                List.copyOf(dropped));
    }

    private static boolean isAbstention(String reply) {
        String norm = reply.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "").strip();
        String expected = GroundedPrompt.CANNOT_ANSWER.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "");
        return !norm.isEmpty()
                && norm.startsWith(expected)
                && !MARKERS.matcher(reply).find();
    }

    /** The passage numbers of the markers in {@code text}, in order, each once. */
    private static List<Integer> markers(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = MARKERS.matcher(text);
        while (m.find()) {
            for (String n : m.group(1).split("\\s*[,;]\\s*")) {
                int p = Integer.parseInt(n);
                if (!out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * Sentences of the reply with their markers; markers that open a sentence, or a sentence of markers only, belong
     * to the one before.
     */
    private static List<Claim> claims(String raw) {
        // "A.[1] B.[1]": a marker straight after the full stop would keep the splitter from ending the sentence there
        String reply = STOP_THEN_MARKER.matcher(raw).replaceAll("$1 $2");
        List<Claim> out = new ArrayList<>();
        for (SentenceSplitter.Span span : SentenceSplitter.split(reply)) {
            String sentence = span.of(reply);
            Matcher leading = LEADING_MARKERS.matcher(sentence);
            if (leading.find() && !out.isEmpty()) {
                addToLast(out, markers(leading.group()));
                sentence = sentence.substring(leading.end());
            }
            List<Integer> passages = markers(sentence);
            String text = MARKERS.matcher(sentence)
                    .replaceAll("")
                    .replaceAll("\\s+", " ")
                    .replaceAll(" ([.,;:!?])", "$1")
                    .strip();
            if (ExtractiveAnswerer.terms(text).isEmpty()) {
                if (!passages.isEmpty() && !out.isEmpty()) {
                    addToLast(out, passages);
                }
                continue;
            }
            out.add(new Claim(text, passages));
        }
        return out;
    }

    private static void addToLast(List<Claim> claims, List<Integer> passages) {
        Claim last = claims.remove(claims.size() - 1);
        List<Integer> merged = new ArrayList<>(last.passages());
        passages.stream().filter(p -> !merged.contains(p)).forEach(merged::add);
        claims.add(new Claim(last.text(), merged));
    }

    /**
     * The best span of passage {@code p} for the claim: a verbatim quote, else the best covering sentence(s). A span
     * supports the claim only if it holds the claim's numbers and names (a claim naming "Bohemond" is not supported
     * by a sentence about Rollo, however many other words they share) and does not disagree with it on negation.
     */
    private static Support support(String claim, Set<String> claimTerms, Set<String> names, Evidence ev, int p) {
        String passage = ev.text() == null ? "" : ev.text();
        Matcher q = QUOTED.matcher(claim);
        if (q.find()) {
            int at = passage.indexOf(q.group(1).strip());
            if (at < 0) {
                return new Support(null, 0, true);
            }
            return new Support(new Anchor(p, at, at + q.group(1).strip().length()), 1.0, false);
        }
        if (!holdsNames(passage, names, ev)) {
            return new Support(null, 0, false);
        }
        List<SentenceSplitter.Span> spans = SentenceSplitter.split(passage);
        Anchor best = null;
        double bestCoverage = 0;
        for (int w = 1; w <= 2; w++) { // single sentences first: a window must do strictly better
            for (int i = 0; i + w <= spans.size(); i++) {
                SentenceSplitter.Span first = spans.get(i);
                SentenceSplitter.Span last = spans.get(i + w - 1);
                String span = passage.substring(first.start(), last.end());
                Set<String> spanTerms = ExtractiveAnswerer.terms(span);
                double coverage = contradicts(claim, span) ? 0 : coverage(claimTerms, spanTerms);
                if (coverage > bestCoverage + 1e-9) {
                    bestCoverage = coverage;
                    best = new Anchor(p, first.start(), last.end());
                }
            }
        }
        return new Support(best, bestCoverage, false);
    }

    /**
     * Whether the passage (anywhere in it: "France" two sentences before the supporting one counts) or its
     * document's title ("the Employee Handbook says ...") holds every name of the claim.
     */
    private static boolean holdsNames(String passage, Set<String> names, Evidence ev) {
        if (names.isEmpty()) {
            return true;
        }
        String text = passage.toLowerCase(Locale.ROOT);
        String title = ev.documentTitle() == null ? "" : ev.documentTitle().toLowerCase(Locale.ROOT);
        return names.stream().allMatch(n -> text.contains(n) || title.contains(n));
    }

    /**
     * The claim's names (capitalised words after its first), lower-cased without a possessive or plural ending, to
     * be found in the passage's text: "Vikings" is found in "Viking incursions", "Rollo's" in "Rollo".
     */
    static Set<String> names(String claim) {
        Set<String> out = new HashSet<>();
        Matcher m = NAME.matcher(claim);
        while (m.find()) {
            String name = m.group().toLowerCase(Locale.ROOT).replaceAll("['\u2019]s?$", "");
            if (name.length() > 3 && name.endsWith("s") && !name.endsWith("ss")) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.length() >= 2) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Whether the claim says "not" (an explicit negator) where the span has none: "did not begin in 911" against
     * "began in 911". (The other way round is not checked: a span's "no" often belongs to another of its clauses,
     * and a verbatim clause of such a sentence was dropped.)
     */
    static boolean contradicts(String claim, String span) {
        return Negation.inQuestion(claim) && !Negation.inQuestion(span);
    }

    /** Share of the claim's content words in the span; 0 when a number of the claim is missing from it. */
    static double coverage(Set<String> claimTerms, Set<String> spanTerms) {
        if (claimTerms.isEmpty()) {
            return 0;
        }
        int hit = 0;
        for (String t : claimTerms) {
            if (spanTerms.contains(t)) {
                hit++;
            } else if (Character.isDigit(t.charAt(0))) {
                return 0;
            }
        }
        return hit / (double) claimTerms.size();
    }

    private static boolean relevant(
            Set<String> claimTerms, List<Anchor> anchors, List<Evidence> evidence, Set<String> context) {
        for (String t : claimTerms) {
            if (context.contains(t)) {
                return true;
            }
        }
        for (Anchor a : anchors) {
            String span = evidence.get(a.passage() - 1).text().substring(a.start(), a.end());
            for (String t : ExtractiveAnswerer.terms(span)) {
                if (context.contains(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A claim that is, or rests on, an injected instruction or an exfiltration link (InstructionFilter). */
    private static boolean injected(String claim, List<Anchor> anchors, List<Evidence> evidence) {
        if (InstructionFilter.suspicious(claim)) {
            return true;
        }
        for (Anchor a : anchors) {
            if (InstructionFilter.suspicious(
                    evidence.get(a.passage() - 1).text().substring(a.start(), a.end()))) {
                return true;
            }
        }
        return false;
    }

    private static Citation citation(int marker, Anchor a, Evidence ev) {
        int charStart = ev.chunkStart() + a.start();
        return new Citation(
                marker,
                ev.documentId(),
                ev.documentTitle(),
                ev.chunkId(),
                ExtractiveAnswerer.page(ev.pageStarts(), charStart),
                charStart,
                ev.chunkStart() + a.end(),
                ev.text().substring(a.start(), a.end()));
    }
}
