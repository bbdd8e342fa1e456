package dev.docent.answer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowQuotesTest {

    private static String render(String text, String row, String continuedHeader) {
        int start = text.indexOf(row);
        return RowQuotes.render(text, start, start + row.length(), continuedHeader);
    }

    @Test
    void aRowOfAParsedTableIsShownUnderItsColumns() {
        String text = "Staff list\n\nName\tTeam\tCity\nAnn\tFinance\tOslo\nBob\tResearch\tRome";

        assertThat(render(text, "Bob\tResearch\tRome", null)).isEqualTo("Name: Bob; Team: Research; City: Rome");
        assertThat(render(text, "Name\tTeam\tCity", null))
                .as("the header row itself")
                .isEqualTo("Name | Team | City");
        assertThat(render(text, "Staff list", null)).as("prose").isNull();
    }

    @Test
    void aRowOfAPipeTableTakesTheRowAboveTheDelimiterRow() {
        String text = "Who may do what:\n| operation | reader | admin |\n|---|---|---|\n| search | ok | ok |\n"
                + "| delete the collection | 403 | ok |";

        assertThat(render(text, "| delete the collection | 403 | ok |", null))
                .isEqualTo("operation: delete the collection; reader: 403; admin: ok");
        assertThat(render(text, "|---|---|---|", null)).isNull();
        assertThat(render(text, "| operation | reader | admin |", null)).isEqualTo("operation | reader | admin");
    }

    @Test
    void aChunkContinuingATableUsesTheContinuedHeaderAndEmptyCellsAreLeftOut() {
        String text = "Cid\t\tLima\nDan\tLegal\tBonn";

        assertThat(render(text, "Dan\tLegal\tBonn", "Name\tTeam\tCity"))
                .isEqualTo("Name: Dan; Team: Legal; City: Bonn");
        assertThat(render(text, "Cid\t\tLima", "Name\tTeam\tCity")).isEqualTo("Name: Cid; City: Lima");
        // without a continued header the chunk's first row heads the run
        assertThat(render(text, "Dan\tLegal\tBonn", null)).isEqualTo("Cid: Dan; Legal; Lima: Bonn");
    }

    @Test
    void aLineWithFewerCellsThanTheRowIsNoHeaderAndTheRowIsShownAsCells() {
        // a spreadsheet cell holding line breaks splits its row; the line above the quote is such a fragment
        String text = "5\tAPPLICATION DATE\tDATE\tFormat is dd/mm/yyyy\n\n31/07/2011\tAPP_DATE\n"
                + "6\tPAN GIR NO\tvarchar\t20\tPan No";

        assertThat(render(text, "6\tPAN GIR NO\tvarchar\t20\tPan No", null))
                .isEqualTo("6 | PAN GIR NO | varchar | 20 | Pan No");
    }

    @Test
    void aRowWithAnotherNumberOfCellsNamesTheColumnsBeforeIt() {
        String text = "Name\tTeam\tCity\nEve\tSupport";

        assertThat(render(text, "Eve\tSupport", null)).isEqualTo("(columns: Name | Team | City) Eve | Support");
    }

    @Test
    void theExtractiveAnswerQuotesOneRowExactlyAndShowsItUnderItsColumns() {
        String chunk =
                "Office moves\n\nEmployee\tDepartment\tOffice\tStart year\nPerson 116\tFinance\tBuilding B\t2006\n"
                        + "Person 117\tResearch\tBuilding C\t2007\nPerson 118\tSales\tBuilding D\t2008";
        var evidence = List.of(new Evidence(UUID.randomUUID(), "Staff", 7L, chunk, 100, List.of(), 0.9));

        Answer answer = new ExtractiveAnswerer(0.2, 1).answer("Which department is Person 117 in?", evidence);

        assertThat(answer.grounded()).isTrue();
        assertThat(answer.citations()).hasSize(1);
        assertThat(answer.citations().get(0).quote()).isEqualTo("Person 117\tResearch\tBuilding C\t2007");
        assertThat(answer.citations().get(0).charStart()).isEqualTo(100 + chunk.indexOf("Person 117"));
        assertThat(answer.text())
                .isEqualTo("Employee: Person 117; Department: Research; Office: Building C; Start year: 2007 [1]");
    }

    @Test
    void columnsThatCannotBeMatchedToTheCellsAreNamedOncePerAnswer() {
        String text = "Name\tTeam\tCity\nEve\tSupport\nFay\tLegal";
        java.util.Set<String> named = new java.util.HashSet<>();

        assertThat(RowQuotes.render(text, text.indexOf("Eve"), text.indexOf("Eve") + 11, null, named))
                .isEqualTo("(columns: Name | Team | City) Eve | Support");
        assertThat(RowQuotes.render(text, text.indexOf("Fay"), text.length(), null, named))
                .isEqualTo("Fay | Legal");
    }

    @Test
    void aQuestionNamingAColumnFindsTheRowUnderIt() {
        String chunk =
                "S.No\tField\tField Type\tField Length\n3\tENTITY TYPE\tvarchar\t1\n4\tAPPLICATION NO\tvarchar\t20";
        var evidence = List.of(new Evidence(UUID.randomUUID(), "KYC", 7L, chunk, 0, List.of(), 0.9));

        Answer answer = new ExtractiveAnswerer(0.5, 1).answer("What is the field length of the application?", evidence);

        assertThat(answer.grounded()).isTrue();
        assertThat(answer.citations().get(0).quote()).isEqualTo("4\tAPPLICATION NO\tvarchar\t20");
        assertThat(answer.text())
                .isEqualTo("S.No: 4; Field: APPLICATION NO; Field Type: varchar; Field Length: 20 [1]");
    }
}
