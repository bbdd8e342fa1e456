package dev.docent.answer.conversation;

import dev.docent.answer.service.Answer;
import dev.docent.answer.service.Citation;
import dev.docent.ingest.service.DocumentService;
import dev.docent.security.service.Caller;
import dev.docent.security.service.CallerContext;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Conversations and their turns in PostgreSQL. */
@ApplicationScoped
public class ConversationStore {
    private final CallerContext callers;
    private final DocumentService documents;

    ConversationStore(CallerContext callers, DocumentService documents) {
        this.callers = callers;
        this.documents = documents;
    }

    /**
     * Which stored turns the caller may no longer read: those citing a document an ACL change has hidden from it
     * (or that was deleted while hidden). A later turn's standalone question may carry a redacted turn's short answer
     * (the condenser carries it into follow-ups), so from the first redacted turn on standalone questions are not
     * shown either.
     */
    public record Redactions(Set<UUID> hiddenDocuments, int firstRedacted) {
        public boolean redacted(TurnEntity t) {
            return t.citations.stream().anyMatch(c -> hiddenDocuments.contains(c.documentId()));
        }

        public boolean standaloneShown(TurnEntity t) {
            return t.ordinal < firstRedacted;
        }
    }

    /** The redactions of {@code turns} (of one conversation of the collection) for the current caller. */
    public Redactions redactions(UUID collectionId, List<TurnEntity> turns) {
        Set<UUID> cited = turns.stream()
                .flatMap(t -> t.citations.stream())
                .map(StoredCitation::documentId)
                .collect(Collectors.toSet());
        Set<UUID> hidden = documents.hidden(collectionId, cited);
        Redactions none = new Redactions(hidden, Integer.MAX_VALUE);
        int first = turns.stream()
                .filter(none::redacted)
                .mapToInt(t -> t.ordinal)
                .min()
                .orElse(Integer.MAX_VALUE);
        return new Redactions(hidden, first);
    }

    /** The calling principal; empty outside a request (a streaming callback on a provider thread). */
    private java.util.Optional<String> owner() {
        try {
            return callers.current().map(Caller::principal);
        } catch (jakarta.enterprise.context.ContextNotActiveException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Earlier turns of the conversation, oldest first; empty when it does not exist yet. What the caller may no longer
     * read ({@link Redactions}) is not passed on: a redacted turn gives no short answer, and from it on the turns'
     * questions stand as asked.
     */
    @Transactional
    public List<QuestionCondenser.Turn> history(UUID collectionId, UUID conversationId) {
        ConversationEntity c = ConversationEntity.findById(conversationId);
        if (c == null) {
            return List.of();
        }
        requireVisible(c, collectionId, owner());
        List<TurnEntity> turns = turns(conversationId);
        Redactions redactions = redactions(collectionId, turns);
        return turns.stream()
                .map(t -> new QuestionCondenser.Turn(
                        t.question,
                        redactions.standaloneShown(t) ? t.standaloneQuestion : t.question,
                        t.grounded && t.shortAnswer != null && !redactions.redacted(t) ? t.shortAnswer.text() : null))
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
