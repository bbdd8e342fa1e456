package dev.docent.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SquadDatasetTest {

    @Test
    void paragraphsBecomeDocumentsAndQuestionsKeepGolds(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tiny.json");
        Files.writeString(file, """
                {"version": "v2.0", "data": [
                  {"title": "Normans", "paragraphs": [
                    {"context": "The Normans lived in Normandy, France.", "qas": [
                      {"question": "Where is Normandy?", "id": "q1", "is_impossible": false,
                       "answers": [{"text": "France", "answer_start": 31}, {"text": "France", "answer_start": 31},
                                   {"text": "in Normandy, France", "answer_start": 18}]},
                      {"question": "Who invented Normandy?", "id": "q2", "is_impossible": true, "answers": [],
                       "plausible_answers": [{"text": "Normans", "answer_start": 4}]}
                    ]},
                    {"context": "Second paragraph.", "qas": []}
                  ]},
                  {"title": "Huguenot", "paragraphs": [
                    {"context": "Huguenots were French Protestants.", "qas": [
                      {"question": "What were Huguenots?", "id": "q3", "is_impossible": false,
                       "answers": [{"text": "French Protestants", "answer_start": 15}]}
                    ]}
                  ]}
                ]}
                """);

        SquadDataset ds = SquadDataset.load(file);

        assertThat(ds.documents()).extracting(SquadDataset.Paragraph::id).containsExactly("a0#0", "a0#1", "a1#0");
        assertThat(ds.documents())
                .extracting(SquadDataset.Paragraph::title)
                .containsExactly("Normans", "Normans", "Huguenot");
        assertThat(ds.documents().get(0).context()).isEqualTo("The Normans lived in Normandy, France.");
        assertThat(ds.documents().get(1).index()).isEqualTo(1);
        assertThat(ds.questions()).hasSize(3);

        SquadDataset.Question q1 = ds.questions().get(0);
        assertThat(q1.id()).isEqualTo("q1");
        assertThat(q1.documentId()).isEqualTo("a0#0");
        assertThat(q1.goldAnswers()).containsExactly("France", "in Normandy, France");
        assertThat(q1.impossible()).isFalse();

        SquadDataset.Question q2 = ds.questions().get(1);
        assertThat(q2.impossible()).isTrue();
        assertThat(q2.goldAnswers()).isEmpty();
        assertThat(q2.plausibleAnswers()).isEqualTo(List.of("Normans"));

        assertThat(ds.questions().get(2).documentId()).isEqualTo("a1#0");
    }

    @Test
    void twoArticlesWithTheSameTitleStayTwoDocuments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dup.json");
        Files.writeString(file, """
                {"data": [
                  {"title": "Paris", "paragraphs": [{"context": "Paris is the capital of France.", "qas": [
                    {"question": "Capital of France?", "id": "a1", "answers": [{"text": "Paris"}]}]}]},
                  {"title": "Paris", "paragraphs": [{"context": "Paris, Texas, is a small town.", "qas": [
                    {"question": "Where is Paris, Texas?", "id": "a2", "answers": [{"text": "Texas"}]}]}]}
                ]}
                """);

        SquadDataset ds = SquadDataset.load(file);

        assertThat(ds.documents()).extracting(SquadDataset.Paragraph::id).containsExactly("a0#0", "a1#0");
        assertThat(ds.documents()).extracting(SquadDataset.Paragraph::title).containsExactly("Paris", "Paris");
        assertThat(ds.questions()).extracting(SquadDataset.Question::documentId).containsExactly("a0#0", "a1#0");
    }

    @Test
    void aQuestionIdGivenTwiceIsAnError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dupq.json");
        Files.writeString(file, """
                {"data": [{"title": "T", "paragraphs": [{"context": "C.", "qas": [
                  {"question": "One?", "id": "q", "answers": []}, {"question": "Two?", "id": "q", "answers": []}]}]}]}
                """);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SquadDataset.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dupq.json")
                .hasMessageContaining("question id 'q' appears more than once");
    }
}
