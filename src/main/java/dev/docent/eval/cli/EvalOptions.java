package dev.docent.eval.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line options of {@code ./docent eval}.
 *
 * @param maxQueries evaluate a seeded random subset of this many queries (0 = all)
 * @param distractors with a query subset, how many non-relevant corpus documents to add (seeded)
 */
record EvalOptions(
        Path dataset,
        String split,
        String server,
        String apiKey,
        Path out,
        Path gate,
        Path config,
        int maxQueries,
        int distractors,
        long seed,
        int topK) {

    static final String USAGE = """
            usage: docent eval --dataset PATH [--split NAME] [--config FILE] [--server URL --api-key KEY]
                               [--out DIR] [--gate BASELINE] [--max-queries N] [--distractors N] [--seed S]
                               [--top-k K]
            PATH: a BEIR folder (corpus.jsonl, queries.jsonl, qrels/), a SQuAD 2.0 .json, or a golden-set .yaml""";

    /**
     * The dataset label used to name (and so cache) the evaluation collection: with {@code --config}, the
     * configuration's content hash is part of it, so a corpus ingested under other settings is never reused.
     */
    String corpusLabel(String datasetName) {
        if (config == null) {
            return datasetName;
        }
        try {
            byte[] hash =
                    java.security.MessageDigest.getInstance("SHA-256").digest(java.nio.file.Files.readAllBytes(config));
            return datasetName + "-cfg"
                    + java.util.HexFormat.of().formatHex(hash).substring(0, 8);
        } catch (java.io.IOException e) {
            throw new EvalException("cannot read config " + config);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The properties of the {@code --config} file (empty without one), recorded in the report. */
    Map<String, String> configProperties() {
        Map<String, String> props = new java.util.TreeMap<>();
        if (config == null) {
            return props;
        }
        java.util.Properties p = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(config)) {
            p.load(in);
        } catch (java.io.IOException e) {
            throw new EvalException("cannot read config " + config);
        }
        p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
        return props;
    }

    static EvalOptions parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new EvalException("unexpected argument '" + a + "'\n" + USAGE);
            }
            m.put(a.substring(2), args[++i]);
        }
        if (!m.containsKey("dataset") || !m.containsKey("server")) {
            throw new EvalException("--dataset and --server are required\n" + USAGE);
        }
        return new EvalOptions(
                Path.of(m.get("dataset")),
                m.get("split"),
                m.get("server"),
                m.getOrDefault("api-key", System.getenv("DOCENT_API_KEY")),
                Path.of(m.getOrDefault("out", "target/eval")),
                m.containsKey("gate") ? Path.of(m.get("gate")) : null,
                m.containsKey("config") ? Path.of(m.get("config")) : null,
                Integer.parseInt(m.getOrDefault("max-queries", "0")),
                Integer.parseInt(m.getOrDefault("distractors", "0")),
                Long.parseLong(m.getOrDefault("seed", "42")),
                Integer.parseInt(m.getOrDefault("top-k", "100")));
    }
}
