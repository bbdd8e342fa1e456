package dev.docent.eval.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenSetTest {

    @Test
    void loadsItemsAndResolvesDocumentsDir(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("golden"));
        Path yaml = sub.resolve("set.yaml");
        Files.writeString(yaml, """
                documents: ../docs
                items:
                  - id: rotate-key
                    question: How do I rotate the API key?
                    expected_answer: Use the admin console.
                    relevant_documents: [security.md, admin/keys.md]
                    tags: [howto, security]
                  - question: "What is the refund window?"
                    relevant_documents:
                      - billing.pdf
                """);

        GoldenSet set = GoldenSet.load(yaml);

        assertThat(set.documentsDir())
                .isEqualTo(dir.resolve("docs").toAbsolutePath().normalize());
        assertThat(set.items()).hasSize(2);
        GoldenSet.Item first = set.items().get(0);
        assertThat(first.id()).isEqualTo("rotate-key");
        assertThat(first.question()).isEqualTo("How do I rotate the API key?");
        assertThat(first.expectedAnswer()).isEqualTo("Use the admin console.");
        assertThat(first.relevantDocuments()).containsExactly("security.md", "admin/keys.md");
        assertThat(first.tags()).containsExactly("howto", "security");
        GoldenSet.Item second = set.items().get(1);
        assertThat(second.id()).isEqualTo("item-2");
        assertThat(second.expectedAnswer()).isNull();
        assertThat(second.relevantDocuments()).containsExactly("billing.pdf");
        assertThat(second.tags()).isEmpty();
    }

    @Test
    void rejectsItemWithoutQuestion(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "items:\n  - expected_answer: x\n");
        assertThatThrownBy(() -> GoldenSet.load(yaml)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsDuplicateItemIdsNamingBothPositions(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("dup.yaml");
        Files.writeString(yaml, """
                documents: docs
                items:
                  - id: q1
                    question: First?
                  - id: q1
                    question: Second?
                """);
        assertThatThrownBy(() -> GoldenSet.load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dup.yaml")
                .hasMessageContaining("items 1 and 2 have the same id 'q1'");
    }

    @Test
    void rejectsATopLevelListBecauseItNamesNoDocuments(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("list.yaml");
        Files.writeString(yaml, "- id: l1\n  question: How long are backups kept?\n");
        assertThatThrownBy(() -> GoldenSet.load(yaml))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("list.yaml")
                .hasMessageContaining("a top-level list names no documents");
    }
}
