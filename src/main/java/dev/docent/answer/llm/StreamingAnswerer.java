package dev.docent.answer.llm;

import dev.docent.answer.provider.ChatProvider;
import dev.docent.answer.provider.ProviderReply;
import dev.docent.answer.service.Answer;
import dev.docent.answer.service.Evidence;
import dev.docent.answer.service.Usage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Streams an answer: providers in order through their LangChain4j streaming models, then the extractive answerer
 * (its text in word pieces). A provider that fails or whose reply does not check out is passed over as in {@link
 * FailoverAnswerer}; if it had streamed tokens, a reset tells the client to discard them. Cancelling stops the
 * provider call in flight. Streaming calls are not retried: a retry after tokens were sent would repeat them.
 */
public final class StreamingAnswerer {
    private final FailoverAnswerer failover;

    public StreamingAnswerer(FailoverAnswerer failover) {
        this.failover = failover;
    }

    /** Starts streaming; returns a cancel action (idempotent; true when it stopped an unfinished answer). */
    public Stream stream(String question, List<Evidence> evidence, AnswerEvents events) {
        Stream stream = new Stream(question, evidence, events);
        stream.next(0);
        return stream;
    }

    /** One streamed answer. */
    public final class Stream {
        private final String question;
        private final List<Evidence> evidence;
        private final AnswerEvents events;
        private final List<Answer.Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean cancelled;
        private volatile boolean done;
        private volatile StreamingHandle handle;
        private volatile Usage total = Usage.NONE;

        private Stream(String question, List<Evidence> evidence, AnswerEvents events) {
            this.question = question;
            this.evidence = evidence;
            this.events = events;
        }

        /** Stops the answer; true when it was still running. */
        public boolean cancel() {
            if (done || cancelled) {
                return false;
            }
            cancelled = true;
            StreamingHandle h = handle;
            if (h != null) {
                h.cancel();
            }
            return true;
        }

        private void next(int index) {
            if (cancelled) {
                return;
            }
            List<ChatProvider> providers = failover.providers();
            if (evidence.isEmpty() || index >= providers.size()) {
                extractive();
                return;
            }
            ChatProvider provider = providers.get(index);
            try {
                provider.stream(GroundedPrompt.request(question, evidence), handler(provider, index));
            } catch (RuntimeException e) {
                failover.fail(provider.name(), FailureReasons.of(e), attempts);
                next(index + 1);
            }
        }

        private StreamingChatResponseHandler handler(ChatProvider provider, int index) {
            return new StreamingChatResponseHandler() {
                private boolean started;

                @Override
                public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                    handle = context.streamingHandle();
                    if (cancelled) {
                        handle.cancel();
                        return;
                    }
                    if (partial.text() != null && !partial.text().isEmpty()) {
                        started = true;
                        events.token(partial.text());
                    }
                }

                @Override
                public void onCompleteResponse(ChatResponse response) {
                    if (cancelled) {
                        return;
                    }
                    try {
                        ProviderReply reply = ProviderReply.of(response);
                        total = total.plus(failover.usage(provider, reply.inputTokens(), reply.outputTokens()));
                        Answer answer =
                                failover.grounded(provider.name(), reply.text(), question, evidence, total, attempts);
                        if (answer != null) {
                            finish(answer);
                            return;
                        }
                    } catch (RuntimeException e) {
                        failover.fail(provider.name(), FailureReasons.of(e), attempts);
                    }
                    passOver(provider, index, started);
                }

                @Override
                public void onError(Throwable error) {
                    if (cancelled) {
                        return;
                    }
                    failover.fail(provider.name(), FailureReasons.of(error), attempts);
                    passOver(provider, index, started);
                }
            };
        }

        private void passOver(ChatProvider provider, int index, boolean started) {
            if (started) {
                Answer.Attempt last = attempts.get(attempts.size() - 1);
                events.reset(provider.name(), last.reason());
            }
            next(index + 1);
        }

        private void extractive() {
            try {
                Answer answer = failover.extractive()
                        .answer(question, evidence)
                        .withUsage(total)
                        .withAttempts(attempts);
                for (String piece : pieces(answer.text())) {
                    if (cancelled) {
                        return;
                    }
                    events.token(piece);
                }
                finish(answer);
            } catch (RuntimeException e) {
                done = true;
                events.failed(e);
            }
        }

        private void finish(Answer answer) {
            done = true;
            events.complete(answer);
        }
    }

    /** The text in pieces of a few words; the pieces concatenate to the text. */
    static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int words = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == ' ' && ++words % 4 == 0) {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }
}
