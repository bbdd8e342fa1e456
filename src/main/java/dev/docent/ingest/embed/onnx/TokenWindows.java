package dev.docent.ingest.embed.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Turns a text into the model inputs LangChain4j's {@code OnnxBertBiEncoder} feeds the model, step for step, so the
 * vectors stay the same: the text is tokenized, the tokens without {@code [CLS]}/{@code [SEP]} are cut into windows
 * of at most {@value #MAX_TOKENS} tokens (a window never ends before a {@code ##} piece), and each window is turned
 * back into text and encoded with its special tokens; several windows are averaged, weighted by their tokens.
 *
 * <p>In practice a long text is <b>truncated</b>, not windowed: DJL's tokenizer, opened with LangChain4j's options,
 * truncates to the model's maximum length already when tokenizing (512 positions for bge-small-en-v1.5, 128 for
 * all-MiniLM-L6-v2, whose {@code tokenizer.json} sets that), so only the first 510 (126) tokens count and there is
 * only ever one window. We keep that on purpose: identical vectors to what LangChain4j stored. Thread-safe.
 */
final class TokenWindows implements AutoCloseable {
    /** 512 positions less {@code [CLS]} and {@code [SEP]}. */
    static final int MAX_TOKENS = 510;

    /** One model input: ids, attention mask and token types of one window, and its weight (tokens in it). */
    record Window(long[] ids, long[] attentionMask, long[] typeIds, int weight) {}

    private final HuggingFaceTokenizer tokenizer;

    TokenWindows(InputStream tokenizerJson) {
        try (tokenizerJson) {
            // the same options LangChain4j uses, so tokenization (and its truncation settings) are identical
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer", e);
        }
    }

    /**
     * The windows of {@code text}, in order.
     *
     * @throws IllegalArgumentException when the text has no tokens (empty or whitespace only)
     */
    List<Window> windows(String text) {
        List<String> tokens = tokenizer.tokenize(text);
        List<List<String>> parts = partition(tokens, MAX_TOKENS);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("Cannot embed empty or whitespace-only text");
        }
        List<Window> windows = new ArrayList<>(parts.size());
        for (List<String> part : parts) {
            Encoding e = tokenizer.encode(toText(part), true, false);
            windows.add(new Window(e.getIds(), e.getAttentionMask(), e.getTypeIds(), part.size()));
        }
        return windows;
    }

    /** Cuts {@code tokens} (with the leading {@code [CLS]} and trailing {@code [SEP]}) into windows of the inner tokens. */
    static List<List<String>> partition(List<String> tokens, int size) {
        List<List<String>> parts = new ArrayList<>();
        int from = 1;
        while (from < tokens.size() - 1) {
            int to = from + size;
            if (to >= tokens.size() - 1) {
                to = tokens.size() - 1;
            } else {
                int end = to;
                while (end > from && tokens.get(end).startsWith("##")) {
                    end--;
                }
                // a "word" of more than `size` pieces (LangChain4j fails there) is cut where the window is full
                to = end > from ? end : to;
            }
            parts.add(tokens.subList(from, to));
            from = to;
        }
        return parts;
    }

    /** Text that tokenizes back to {@code tokens}; like LangChain4j, joins the raw pieces when the round trip fails. */
    private String toText(List<String> tokens) {
        String text = tokenizer.buildSentence(tokens);
        List<String> again = new LinkedList<>(tokenizer.tokenize(text));
        again.removeFirst();
        again.removeLast();
        return again.equals(tokens) ? text : String.join("", tokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
