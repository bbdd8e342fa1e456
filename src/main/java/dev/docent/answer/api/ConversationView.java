package dev.docent.answer.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A conversation's history: each turn with the citations and short answer exactly as they were returned then. */
public record ConversationView(UUID id, UUID collectionId, List<Turn> turns) {

    /**
     * @param standaloneQuestion the question as used for retrieval (a follow-up condensed with the history); null from
     *     the first redacted turn on, since a follow-up may carry that turn's short answer
     * @param shortAnswer the answer's short answer as returned, or null
     * @param redacted true when an ACL change has since hidden a cited document from the caller: that citation is
     *     left out, and the turn has no answer text and no short answer
     */
    public record Turn(
            int ordinal,
            String question,
            String standaloneQuestion,
            String answer,
            boolean grounded,
            String answerer,
            List<AnswerResponse.CitationView> citations,
            Instant createdAt,
            AnswerResponse.ShortAnswerView shortAnswer,
            boolean redacted) {}
}
