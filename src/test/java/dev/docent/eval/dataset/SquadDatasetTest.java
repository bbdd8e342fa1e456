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

        assertThat(ds.documents())
                .extracting(SquadDataset.Paragraph::id)
                .containsExactly("Normans#0", "Normans#1", "Huguenot#0");
        assertThat(ds.documents().get(0).context()).isEqualTo("The Normans lived in Normandy, France.");
        assertThat(ds.documents().get(1).index()).isEqualTo(1);
        assertThat(ds.questions()).hasSize(3);

        SquadDataset.Question q1 = ds.questions().get(0);
        assertThat(q1.id()).isEqualTo("q1");
        assertThat(q1.documentId()).isEqualTo("Normans#0");
        assertThat(q1.goldAnswers()).containsExactly("France", "in Normandy, France");
        assertThat(q1.impossible()).isFalse();

        SquadDataset.Question q2 = ds.questions().get(1);
        assertThat(q2.impossible()).isTrue();
        assertThat(q2.goldAnswers()).isEmpty();
        assertThat(q2.plausibleAnswers()).isEqualTo(List.of("Normans"));

        assertThat(ds.questions().get(2).documentId()).isEqualTo("Huguenot#0");
    }
}
