package dev.docent.answer.conversation;

import dev.docent.answer.service.Citation;
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

    /** Earlier standalone questions of the conversation, oldest first; empty when it does not exist yet. */
    @Transactional
    public List<String> history(UUID collectionId, UUID conversationId) {
        ConversationEntity c = ConversationEntity.findById(conversationId);
        if (c == null) {
            return List.of();
        }
        requireSameCollection(c, collectionId);
        return turns(conversationId).stream().map(t -> t.standaloneQuestion).toList();
    }

    /** Appends a turn, creating the conversation on its first turn; citations are stored as given. */
    @Transactional
    public void append(
            UUID collectionId,
            UUID conversationId,
            String question,
            String standaloneQuestion,
            String answer,
            boolean grounded,
            String answerer,
            List<Citation> citations) {
        Instant now = Instant.now();
        ConversationEntity c = ConversationEntity.findById(conversationId);
        if (c == null) {
            c = new ConversationEntity();
            c.id = conversationId;
            c.collectionId = collectionId;
            c.createdAt = now;
            c.updatedAt = now;
            c.persist();
        } else {
            requireSameCollection(c, collectionId);
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
        t.createdAt = now;
        t.persist();
    }

    /** The conversation's turns in order; 404 when it does not exist in this collection. */
    @Transactional
    public List<TurnEntity> require(UUID collectionId, UUID conversationId) {
        ConversationEntity c = ConversationEntity.findById(conversationId);
        if (c == null || !c.collectionId.equals(collectionId)) {
            throw new DocentException(ErrorCode.NOT_FOUND, "Conversation " + conversationId + " not found");
        }
        return turns(conversationId);
    }

    private static List<TurnEntity> turns(UUID conversationId) {
        return TurnEntity.list("conversationId = ?1 order by ordinal", conversationId);
    }

    private static void requireSameCollection(ConversationEntity c, UUID collectionId) {
        if (!c.collectionId.equals(collectionId)) {
            throw new DocentException(ErrorCode.CONFLICT, "Conversation " + c.id + " belongs to another collection");
        }
    }
}
