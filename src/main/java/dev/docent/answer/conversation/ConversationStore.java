package dev.docent.answer.conversation;

import dev.docent.answer.service.Answer;
import dev.docent.answer.service.Citation;
import dev.docent.security.service.Caller;
import dev.docent.security.service.CallerContext;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Conversations and their turns in PostgreSQL. */
@ApplicationScoped
public class ConversationStore {
    private final CallerContext callers;

    ConversationStore(CallerContext callers) {
        this.callers = callers;
    }

    /** The calling principal; empty outside a request (a streaming callback on a provider thread). */
    private java.util.Optional<String> owner() {
        try {
            return callers.current().map(Caller::principal);
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            return java.util.Optional.empty();
        }
    }

    /** Earlier turns of the conversation, oldest first; empty when it does not exist yet. */
    @Transactional
    public List<QuestionCondenser.Turn> history(UUID collectionId, UUID conversationId) {
        ConversationEntity c = ConversationEntity.findById(conversationId);
        if (c == null) {
            return List.of();
        }
        requireVisible(c, collectionId, owner());
        return turns(conversationId).stream()
                .map(t -> new QuestionCondenser.Turn(
                        t.question,
                        t.standaloneQuestion,
                        t.grounded && t.shortAnswer != null ? t.shortAnswer.text() : null))
                .toList();
    }

    /**
     * Appends a turn, creating the conversation on its first turn; citations and short answer are stored as given.
     * The caller's principal is passed in, not read here: a streamed answer is stored from a provider's thread,
     * where no request (and so no caller) is current.
     *
     * @param owner the principal that asked, read in the request's own thread; empty only without any caller
     */
    @Transactional
    public void append(
            UUID collectionId,
            UUID conversationId,
            java.util.Optional<String> owner,
            String question,
            String standaloneQuestion,
            String answer,
            boolean grounded,
            String answerer,
            List<Citation> citations,
            Answer.ShortAnswer shortAnswer) {
        Instant now = Instant.now();
        ConversationEntity c = ConversationEntity.findById(conversationId);
        if (c == null) {
            c = new ConversationEntity();
            c.id = conversationId;
            c.collectionId = collectionId;
            c.createdAt = now;
            c.updatedAt = now;
            c.owner = owner.orElse(null);
            c.persist();
        } else {
            requireVisible(c, collectionId, owner);
            c.updatedAt = now;
        }
        TurnEntity t = new TurnEntity();
        t.conversationId = conversationId;
        t.ordinal = (int) TurnEntity.count("conversationId", conversationId) + 1;
        t.question = question;
        t.standaloneQuestion = standaloneQuestion;
        t.answer = answer;
        t.grounded = grounded;
        t.answerer = answerer;
        t.citations = citations.stream()
                .map(x -> new StoredCitation(
                        x.marker(),
                        x.documentId(),
                        x.title(),
                        x.chunkId(),
                        x.page(),
                        x.charStart(),
                        x.charEnd(),
                        x.quote()))
                .toList();
        t.shortAnswer = shortAnswer == null
                ? null
                : new StoredShortAnswer(
                        shortAnswer.text(), shortAnswer.marker(), shortAnswer.charStart(), shortAnswer.charEnd());
        t.createdAt = now;
        t.persist();
    }

    /** The conversation's turns in order; 404 when it does not exist in this collection for this caller. */
    @Transactional
    public List<TurnEntity> require(UUID collectionId, UUID conversationId) {
        ConversationEntity c = ConversationEntity.findById(conversationId);
        if (c == null) {
            throw notFound(conversationId);
        }
        requireVisible(c, collectionId, owner());
        return turns(conversationId);
    }

    private static List<TurnEntity> turns(UUID conversationId) {
        return TurnEntity.list("conversationId = ?1 order by ordinal", conversationId);
    }

    /**
     * Another collection's or another caller's conversation looks exactly like one that does not exist; so does an
     * owned one when the caller is unknown. Conversations from before owners were recorded (owner null) stay
     * visible to the collection's readers.
     */
    private static void requireVisible(ConversationEntity c, UUID collectionId, java.util.Optional<String> caller) {
        if (!c.collectionId.equals(collectionId)
                || (c.owner != null && !caller.filter(c.owner::equals).isPresent())) {
            throw notFound(c.id);
        }
    }

    private static DocentException notFound(UUID conversationId) {
        return new DocentException(ErrorCode.NOT_FOUND, "Conversation " + conversationId + " not found");
    }
}
