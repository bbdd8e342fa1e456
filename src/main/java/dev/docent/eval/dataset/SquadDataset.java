package dev.docent.eval.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A SQuAD 2.0 JSON file seen as a corpus plus questions: every paragraph is a document with id
 * {@code a<article index>#<paragraph index>} (both 0-based, in file order), so two articles with the same title stay
 * two sets of documents; the title is kept as {@link Paragraph#title()}. A question id given twice is an error.
 */
public record SquadDataset(List<Paragraph> documents, List<Question> questions) {

    public record Paragraph(String id, String title, int index, String context) {}

    /**
     * @param goldAnswers distinct gold answer texts in file order; empty for unanswerable questions
     * @param plausibleAnswers SQuAD 2.0 {@code plausible_answers} texts for unanswerable questions, else empty
     */
    public record Question(
            String id,
            String question,
            String documentId,
            List<String> goldAnswers,
            boolean impossible,
            List<String> plausibleAnswers) {}

    public SquadDataset {
        documents = List.copyOf(documents);
        questions = List.copyOf(questions);
    }

    public static SquadDataset load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read SQuAD file " + file, e);
        }
        JsonNode data = root.path("data");
        if (!data.isArray()) {
            throw new IllegalArgumentException(file + ": no top-level 'data' array");
        }
        List<Paragraph> docs = new ArrayList<>();
        List<Question> questions = new ArrayList<>();
        java.util.Set<String> questionIds = new java.util.HashSet<>();
        int articleIndex = 0;
        for (JsonNode article : data) {
            String title = article.path("title").asText("");
            int index = 0;
            for (JsonNode para : article.path("paragraphs")) {
                String docId = "a" + articleIndex + "#" + index;
                docs.add(new Paragraph(docId, title, index, para.path("context").asText("")));
                for (JsonNode qa : para.path("qas")) {
                    if (!questionIds.add(qa.path("id").asText())) {
                        throw new IllegalArgumentException(
                                file + ": question id '" + qa.path("id").asText() + "' appears more than once");
                    }
                    List<String> golds = texts(qa.path("answers"));
                    boolean impossible = qa.path("is_impossible").asBoolean(golds.isEmpty());
                    questions.add(new Question(
                            qa.path("id").asText(),
                            qa.path("question").asText(""),
                            docId,
                            impossible ? List.of() : golds,
                            impossible,
                            texts(qa.path("plausible_answers"))));
                }
                index++;
            }
            articleIndex++;
        }
        return new SquadDataset(docs, questions);
    }

    private static List<String> texts(JsonNode answers) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (JsonNode a : answers) {
            JsonNode t = a.get("text");
            if (t != null && !t.isNull()) {
                out.add(t.asText());
            }
        }
        return List.copyOf(out);
    }
}
