package dev.docent.answer.service;

import dev.docent.answer.service.ExtractiveAnswerer.Candidate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the extractive answerer quotes for a question about a document as a whole ({@link OverviewIntent}): from the
 * start of a document (evidence that begins at offset 0, and what follows it in the same document), the sentences in
 * which the first document that has them states its purpose ("In this paper we present ...", "This report describes
 * ..."), else the first whole statements of the best-ranked document that has any. Table rows, labels, footnotes and
 * acknowledgements describe nothing and are never chosen.
 */
final class OverviewQuotes {

    /** Sentences quoted for a question about a document as a whole. */
    static final int SENTENCES = 2;

    /** Shorter sentences (captions, labels, "See below.") do not describe a document. */
    static final int MIN_WORDS = 6;

    /** How far into a document an overview reads (offset of the chunks it uses, in characters). */
    static final int REACH = 4000;

    /**
     * Support of an overview quoting the document's first statements because no sentence states its purpose: above
     * the default threshold, below a stricter one.
     */
    static final double LEAD_SUPPORT = 0.6;

    /** Footnotes and acknowledgements, which often come before a document's first statement. */
    private static final Pattern FRONT_MATTER = Pattern.compile("(?i)^\\s*(?:[*\u2020\u2021]|\\(?\\d{1,2}\\)\\s"
            + "|(?:i|we|the\\s+authors?)\\s+(?:would\\s+(?:also\\s+)?like\\s+to\\s+|also\\s+|wish\\s+to\\s+)?"
            + "(?:thank|acknowledge|are\\s+grateful|am\\s+grateful)|acknowledge?ments?\\b)");

    /** Sentences in which a document states its own purpose. */
    private static final Pattern PURPOSE = Pattern.compile("(?i)\\b(?:in\\s+this\\s+(?:paper|article|study|report"
            + "|work|document|thesis|chapter|note|letter|memo|guide|manual|section)"
            + "|this\\s+(?:paper|article|study|report|document|work|thesis|guide|manual|memo|policy|proposal)"
            + "\\s+(?:presents?|proposes?|describes?|introduces?|shows?|examines?|investigates?|analy[sz]es?"
            + "|discusses?|reports?|provides?|explains?|outlines?|covers?|sets\\s+out|defines?)"
            + "|we\\s+(?:present|propose|describe|introduce|show|examine|investigate|analy[sz]e|discuss|report"
            + "|develop|study|demonstrate|explore)"
            + "|the\\s+(?:aim|purpose|goal|objective)s?\\s+of\\s+this)\\b");

    private OverviewQuotes() {}

    /** Candidate sentences to quote (in any order; empty: nothing describes a document) and the support they give. */
    record Selection(List<Candidate> sentences, double support) {}

    /** Null when no evidence starts a document: the question is then answered like any other. */
    static Selection select(List<Evidence> evidence) {
        List<UUID> documents = new ArrayList<>();
        for (Evidence ev : evidence) {
            if (ev != null && ev.text() != null && ev.chunkStart() == 0 && !documents.contains(ev.documentId())) {
                documents.add(ev.documentId());
            }
        }
        if (documents.isEmpty()) {
            return null;
        }
        // the first of the documents (in retrieval order) that states its purpose, else the first one that states
        // anything; a table or a form alone cannot say what it is about
        List<Candidate> statements = null;
        for (UUID document : documents) {
            List<Candidate> purposes = new ArrayList<>();
            List<Candidate> others = new ArrayList<>();
            candidates(evidence, document, purposes, others);
            if (!purposes.isEmpty()) {
                return new Selection(purposes, 1.0);
            }
            if (statements == null && !others.isEmpty()) {
                statements = others;
            }
        }
        return new Selection(statements == null ? List.of() : statements, LEAD_SUPPORT);
    }

    /** Sentences near the start of {@code document}: those stating its purpose, and other whole statements. */
    private static void candidates(
            List<Evidence> evidence, UUID document, List<Candidate> purposes, List<Candidate> statements) {
        for (int e = 0; e < evidence.size(); e++) {
            Evidence ev = evidence.get(e);
            if (ev == null
                    || ev.text() == null
                    || !Objects.equals(ev.documentId(), document)
                    || ev.chunkStart() > REACH) {
                continue;
            }
            List<SentenceSplitter.Span> spans = SentenceSplitter.split(ev.text());
            for (int p = 0; p < spans.size(); p++) {
                String sentence = spans.get(p).of(ev.text()).strip();
                if (InstructionFilter.suspicious(sentence)
                        || sentence.indexOf('\t') >= 0
                        || sentence.split("\\s+").length < MIN_WORDS
                        || FRONT_MATTER.matcher(sentence).find()) {
                    continue; // instructions, table rows, labels, footnotes and thanks describe nothing
                }
                Candidate c = new Candidate(e, p, spans.get(p), ExtractiveAnswerer.terms(sentence), 1.0, 1.0);
                if (PURPOSE.matcher(sentence).find()) {
                    purposes.add(c);
                } else if (ExtractiveAnswerer.endsSentence(sentence)) {
                    statements.add(c);
                }
            }
        }
    }
}
