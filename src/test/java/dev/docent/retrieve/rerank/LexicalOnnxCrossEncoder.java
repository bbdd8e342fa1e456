package dev.docent.retrieve.rerank;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a real ONNX cross-encoder directory ({@code model.onnx} + {@code tokenizer.json}) for tests, with no
 * download: the tokenizer is bge-small's (shipped in the LangChain4j embeddings jar) and the model is a small
 * hand-built ONNX graph over BERT's pair encoding that scores a (query, passage) pair by how many passage
 * tokens also occur in the query. It has the interface of an exported ms-marco cross-encoder (inputs
 * {@code input_ids}, {@code attention_mask}, {@code token_type_ids}; output logits of shape [batch, 1]), so
 * {@link OnnxCrossEncoderScoringModel} runs it through ONNX Runtime exactly as it would run a trained one.
 */
final class LexicalOnnxCrossEncoder {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final String TOKENIZER_RESOURCE = "bge-small-en-v1.5-q-tokenizer.json";

    private LexicalOnnxCrossEncoder() {}

    static Path writeTo(Path directory) throws IOException {
        Files.write(directory.resolve("model.onnx"), model());
        try (InputStream in = LexicalOnnxCrossEncoder.class.getClassLoader().getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (in == null) {
                throw new IOException("tokenizer resource missing: " + TOKENIZER_RESOURCE);
            }
            Files.copy(in, directory.resolve("tokenizer.json"));
        }
        return directory;
    }

    static byte[] model() {
        Pb graph = new Pb()
                .message(1, node("Sub", List.of("one", "token_type_ids"), "query_side"))
                .message(1, node("Mul", List.of("query_side", "attention_mask"), "query_i"))
                .message(1, node("Mul", List.of("token_type_ids", "attention_mask"), "passage_i"))
                .message(1, node("Cast", List.of("query_i"), "query_f").message(5, intAttr("to", FLOAT)))
                .message(1, node("Cast", List.of("passage_i"), "passage_f").message(5, intAttr("to", FLOAT)))
                .message(1, node("Unsqueeze", List.of("input_ids", "axis2"), "ids_col"))
                .message(1, node("Unsqueeze", List.of("input_ids", "axis1"), "ids_row"))
                .message(1, node("Equal", List.of("ids_col", "ids_row"), "same"))
                .message(1, node("Cast", List.of("same"), "same_f").message(5, intAttr("to", FLOAT)))
                .message(1, node("Unsqueeze", List.of("query_f", "axis1"), "query_row"))
                .message(1, node("Mul", List.of("same_f", "query_row"), "matches"))
                .message(
                        1,
                        node("ReduceMax", List.of("matches"), "in_query")
                                .message(5, intsAttr("axes", 2))
                                .message(5, intAttr("keepdims", 0)))
                .message(1, node("Mul", List.of("in_query", "passage_f"), "passage_hits"))
                .message(
                        1,
                        node("ReduceSum", List.of("passage_hits", "axis1"), "logits")
                                .message(5, intAttr("keepdims", 1)))
                .string(2, "lexical-cross-encoder")
                .message(5, int64Tensor("one", new long[0], 1))
                .message(5, int64Tensor("axis1", new long[] {1}, 1))
                .message(5, int64Tensor("axis2", new long[] {1}, 2))
                .message(11, valueInfo("input_ids", INT64, "batch", "tokens"))
                .message(11, valueInfo("attention_mask", INT64, "batch", "tokens"))
                .message(11, valueInfo("token_type_ids", INT64, "batch", "tokens"))
                .message(12, valueInfo("logits", FLOAT, "batch", null));
        return new Pb()
                .varint(1, 7) // ir_version
                .string(2, "docent-tests")
                .message(7, graph)
                .message(8, new Pb().string(1, "").varint(2, 13)) // opset 13
                .bytes();
    }

    private static Pb node(String op, List<String> inputs, String output) {
        Pb node = new Pb();
        inputs.forEach(i -> node.string(1, i));
        return node.string(2, output).string(3, output).string(4, op);
    }

    private static Pb intAttr(String name, long value) {
        return new Pb().string(1, name).varint(3, value).varint(20, 2); // AttributeType.INT
    }

    private static Pb intsAttr(String name, long value) {
        return new Pb().string(1, name).varint(8, value).varint(20, 7); // AttributeType.INTS
    }

    private static Pb int64Tensor(String name, long[] dims, long value) {
        Pb tensor = new Pb();
        for (long d : dims) {
            tensor.varint(1, d);
        }
        byte[] raw = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(value)
                .array();
        return tensor.varint(2, INT64).string(8, name).raw(9, raw);
    }

    /** A tensor value with a symbolic batch dimension and a second dimension (symbolic, or 1 when null). */
    private static Pb valueInfo(String name, int elemType, String batch, String second) {
        Pb shape = new Pb()
                .message(1, new Pb().string(2, batch))
                .message(1, second == null ? new Pb().varint(1, 1) : new Pb().string(2, second));
        Pb tensorType = new Pb().varint(1, elemType).message(2, shape);
        return new Pb().string(1, name).message(2, new Pb().message(1, tensorType));
    }

    /** Just enough of the protobuf wire format to write an ONNX ModelProto. */
    static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pb varint(int field, long value) {
            tag(field, 0);
            writeVarint(value);
            return this;
        }

        Pb string(int field, String value) {
            return raw(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Pb message(int field, Pb message) {
            return raw(field, message.bytes());
        }

        Pb raw(int field, byte[] value) {
            tag(field, 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            writeVarint(((long) field << 3) | wireType);
        }

        private void writeVarint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
