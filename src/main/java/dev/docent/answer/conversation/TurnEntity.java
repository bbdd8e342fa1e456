package dev.docent.answer.conversation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One question and its answer, with the citations and short answer exactly as returned. */
@Entity
@Table(name = "conversation_turn")
public class TurnEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "conversation_id", nullable = false)
    public UUID conversationId;

    @Column(nullable = false)
    public int ordinal;

    @Column(nullable = false)
    public String question;

    @Column(name = "standalone_question", nullable = false)
    public String standaloneQuestion;

    @Column(nullable = false)
    public String answer;

    @Column(nullable = false)
    public boolean grounded;

    @Column(nullable = false)
    public String answerer;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public List<StoredCitation> citations;

    /** The answer's short answer as returned, or null. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "short_answer")
    public StoredShortAnswer shortAnswer;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
