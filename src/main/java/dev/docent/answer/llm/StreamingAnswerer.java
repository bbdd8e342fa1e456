package dev.docent.answer.llm;

import dev.docent.answer.provider.ChatProvider;
import dev.docent.answer.provider.ProviderReply;
import dev.docent.answer.service.Answer;
import dev.docent.answer.service.Evidence;
import dev.docent.answer.service.SentenceSplitter;
import dev.docent.answer.service.Usage;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streams an answer: providers in order through their LangChain4j streaming models, then the extractive answerer
 * (its text in word pieces). A provider's tokens are streamed a sentence at a time, each sentence once it passes the
 * claim check ({@link ClaimVerifier}). A provider that fails or whose reply does not check out is passed over as in {@link
 * FailoverAnswerer}; if it had streamed tokens, a reset tells the client to discard them. Cancelling stops the
 * provider call in flight. Streaming calls are not retried: a retry after tokens were sent would repeat them. A
 * stream that stalls ({@code timeout}) or ends without the provider's finish reason ({@code incomplete_reply}) is a
 * failure like any other.
 */
public final class StreamingAnswerer {
    /** One daemon thread that times out stalled streams (a check every quarter of the idle limit, at most 250 ms). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "docent-stream-watchdog");
        t.setDaemon(true);
        return t;
    });

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
        private volatile Attempt current;
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
            Attempt a = current;
            Usage spent = total;
            if (a != null && a.settle()) {
                a.cancelCall();
                spent = spent.plus(a.estimate());
            }
            events.cancelled(spent);
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
            Attempt attempt = new Attempt(provider, index);
            current = attempt;
            try {
                attempt.watch();
                attempt.call = provider.stream(GroundedPrompt.request(question, evidence), attempt);
                if (attempt.settled.get()) {
                    attempt.cancelCall(); // abandoned (or cancelled) while it was being sent
                }
            } catch (RuntimeException e) {
                attempt.failed(FailureReasons.of(e));
            }
        }

        /**
         * One provider's stream. It settles once: with its response, an error, or the watchdog's timeout (no token
         * for {@link ChatProvider.StreamLimits#idle}, or longer than {@link ChatProvider.StreamLimits#total} in
         * all), whichever comes first; what arrives after that is ignored. LangChain4j reports neither completion
         * nor an error for some streams that end badly (an Ollama or Anthropic stream cut short, a body that is no
         * stream), so without the watchdog such an answer would never end.
         */
        private final class Attempt implements StreamingChatResponseHandler {
            private final ChatProvider provider;
            private final int index;
            private final ChatProvider.StreamLimits limits;
            private final long start = System.nanoTime();
            private final AtomicBoolean settled = new AtomicBoolean();
            private volatile long lastActivity = start;
            private volatile boolean started;
            private final StringBuilder pending = new StringBuilder();
            private boolean muted;
            private volatile int streamedChars;
            private volatile StreamingHandle handle;
            private volatile ChatProvider.Call call;
            private volatile ScheduledFuture<?> watchdog;

            Attempt(ChatProvider provider, int index) {
                this.provider = provider;
                this.index = index;
                this.limits = provider.streamLimits();
            }

            void watch() {
                long period = Math.max(10, Math.min(250, limits.idle().toMillis() / 4));
                watchdog = WATCHDOG.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
            }

            private void check() {
                long now = System.nanoTime();
                if ((now - lastActivity > limits.idle().toNanos()
                                || now - start > limits.total().toNanos())
                        && !cancelled
                        && settle()) {
                    // the next provider (or the extractive answer) runs off the watchdog's one thread
                    Thread.ofVirtual().name("docent-stream-failover").start(() -> passOverAfter("timeout"));
                }
            }

            /** True for the one caller that settles the attempt; stops its watchdog. */
            private boolean settle() {
                if (!settled.compareAndSet(false, true)) {
                    return false;
                }
                ScheduledFuture<?> w = watchdog;
                if (w != null) {
                    w.cancel(false);
                }
                return true;
            }

            /**
             * What an abandoned call has cost, which no provider reported: its prompt and the text received, at
             * about 4 characters a token, priced. Charged to the caller's budget, so that streams given up early
             * do not spend provider tokens for free.
             */
            Usage estimate() {
                int promptChars = GroundedPrompt.SYSTEM.length()
                        + GroundedPrompt.userMessage(question, evidence).length();
                int in = (promptChars + 3) / 4;
                int out = (streamedChars + 3) / 4;
                return failover.usage(provider, in, out);
            }

            /** Stops the provider's call, before its first token too (its connection is closed). */
            void cancelCall() {
                StreamingHandle h = handle;
                if (h != null) {
                    h.cancel();
                }
                ChatProvider.Call c = call;
                if (c != null) {
                    c.cancel();
                }
            }

            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                handle = context.streamingHandle();
                if (cancelled || settled.get()) {
                    handle.cancel();
                    return;
                }
                lastActivity = System.nanoTime();
                if (partial.text() != null && !partial.text().isEmpty()) {
                    streamedChars += partial.text().length();
                    synchronized (pending) {
                        pending.append(partial.text());
                        release(false);
                    }
                }
            }

            /**
             * Streams the complete sentences held back so far ({@code all}: everything), each only if it passes the
             * same claim check as the final answer: a sentence that rests on an injected instruction, or on nothing
             * in the passages, is never shown, not even for a moment.
             */
            private void release(boolean all) {
                int end = all ? pending.length() : lastSentenceEnd(pending);
                if (end <= 0) {
                    return;
                }
                String ready = pending.substring(0, end);
                pending.delete(0, end);
                if (ready.isBlank() || muted) {
                    return;
                }
                ClaimVerifier.Verified v = failover.verifier().verify(ready, question, evidence);
                if (v.grounded() && v.droppedClaims().isEmpty()) {
                    started = true;
                    events.token(provider.name(), ready);
                } else {
                    // nothing more of this reply is streamed: skipping one sentence and going on would join the
                    // ones around it into text the model did not write; the final answer has what checks out
                    muted = true;
                }
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                if (cancelled || !settle()) {
                    return;
                }
                try {
                    ProviderReply reply = ProviderReply.of(response);
                    boolean reported = reply.inputTokens() + reply.outputTokens() > 0;
                    // a stream cut short reports no usage, yet the provider read the whole prompt: estimated
                    total = total.plus(
                            reported || reply.finished()
                                    ? failover.usage(provider, reply.inputTokens(), reply.outputTokens())
                                    : estimate());
                    if (!reply.finished()) {
                        // the stream ended without the provider saying it was done: cut off, or an error in it
                        failover.fail(provider.name(), "incomplete_reply", attempts);
                        passOver(provider, index, started);
                        return;
                    }
                    synchronized (pending) {
                        // a reply the model stopped for lack of tokens ends mid-sentence: that part stays unstreamed
                        release(!reply.truncated());
                    }
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
                failed(FailureReasons.of(error));
            }

            /** Settles the attempt as failed with {@code reason} and goes on with the next provider. */
            void failed(String reason) {
                if (cancelled || !settle()) {
                    return;
                }
                passOverAfter(reason);
            }

            private void passOverAfter(String reason) {
                cancelCall();
                if ("timeout".equals(reason)) {
                    total = total.plus(estimate()); // abandoned: the provider read the prompt all the same
                }
                failover.fail(provider.name(), reason, attempts);
                passOver(provider, index, started);
            }
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
                    events.token(answer.answerer(), piece);
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

    /** Markers that open a sentence belong to the one before: "One. [1] Two." */
    private static final Pattern LEADING_MARKERS = Pattern.compile("^\\s*(?:\\[\\d+(?:\\s*[,;]\\s*\\d+)*]\\s*)+");

    /**
     * Where the last complete sentence of {@code text} ends, with the markers after it, or 0: the start of its last
     * sentence, which may go on, by the answerer's own sentence rules (abbreviations such as "U.S." or "i.e." end
     * none).
     */
    static int lastSentenceEnd(CharSequence text) {
        String s = text.toString();
        List<SentenceSplitter.Span> spans = SentenceSplitter.split(s);
        if (spans.size() < 2) {
            return 0;
        }
        int end = spans.get(spans.size() - 1).start();
        Matcher m = LEADING_MARKERS.matcher(s.substring(end));
        return m.find() ? end + m.end() : end;
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
