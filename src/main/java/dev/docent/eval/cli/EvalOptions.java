package dev.docent.eval.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of {@code ./docent eval}. Parsing is strict: an unknown or repeated option, a value that is
 * not a whole number, or one out of range is a usage error, so a typo in a CI pipeline can never drop the gate.
 *
 * @param maxQueries evaluate a seeded random subset of this many queries (0 = all)
 * @param distractors with a query subset, how many non-relevant corpus documents to add (seeded)
 * @param topK chunks asked of the server per query (1..{@value #MAX_TOP_K}, the server's limit)
 * @param fresh ingest into a new collection and delete it after the run (no reuse of an earlier ingestion)
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
        int topK,
        boolean fresh) {

    /** The largest {@code topK} the search API accepts. */
    static final int MAX_TOP_K = 100;

    static final String USAGE = """
            usage: docent eval --dataset PATH [--split NAME] [--config FILE] [--server URL --api-key KEY]
                               [--out DIR] [--gate BASELINE] [--max-queries N [--distractors N]] [--seed S]
                               [--top-k K] [--fresh]
            PATH: a BEIR folder (corpus.jsonl, queries.jsonl, qrels/), a SQuAD 2.0 .json, or a golden-set .yaml""";

    private static final Set<String> WITH_VALUE = Set.of(
            "dataset",
            "split",
            "server",
            "api-key",
            "out",
            "gate",
            "config",
            "max-queries",
            "distractors",
            "seed",
            "top-k");
    private static final Set<String> FLAGS = Set.of("fresh");

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
            if (!a.startsWith("--")) {
                throw usage("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            if (!WITH_VALUE.contains(name) && !FLAGS.contains(name)) {
                throw usage("unknown option " + a);
            }
            if (m.containsKey(name)) {
                throw usage("option " + a + " given more than once");
            }
            if (FLAGS.contains(name)) {
                m.put(name, "true");
                continue;
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw usage("option " + a + " needs a value");
            }
            m.put(name, args[++i]);
        }
        if (!m.containsKey("dataset")) {
            throw usage("--dataset is required");
        }
        if (!m.containsKey("server")) {
            throw usage("--server is required (./docent eval supplies the local service's URL)");
        }
        if (m.containsKey("distractors") && !m.containsKey("max-queries")) {
            throw usage("--distractors only applies with --max-queries (a query subset); without it the whole"
                    + " corpus is used");
        }
        return new EvalOptions(
                existing("--dataset", m.get("dataset")),
                m.get("split"),
                serverUrl(m.get("server")),
                m.getOrDefault("api-key", System.getenv("DOCENT_API_KEY")),
                Path.of(m.getOrDefault("out", "target/eval")),
                m.containsKey("gate") ? existing("--gate", m.get("gate")) : null,
                m.containsKey("config") ? existing("--config", m.get("config")) : null,
                (int) number(m, "max-queries", 0, 0, Integer.MAX_VALUE),
                (int) number(m, "distractors", 0, 0, Integer.MAX_VALUE),
                number(m, "seed", 42, Long.MIN_VALUE, Long.MAX_VALUE),
                (int) number(m, "top-k", MAX_TOP_K, 1, MAX_TOP_K),
                m.containsKey("fresh"));
    }

    private static long number(Map<String, String> m, String name, long fallback, long min, long max) {
        String raw = m.get(name);
        if (raw == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            throw usage("--" + name + " must be a whole number, not '" + raw + "'");
        }
        if (value < min || value > max) {
            throw usage(
                    max == Integer.MAX_VALUE
                            ? "--" + name + " must be " + min + " or more, not " + value
                            : "--" + name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    private static Path existing(String option, String value) {
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new EvalException(option + ": no such file or directory: " + value);
        }
        return path;
    }

    private static String serverUrl(String value) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw usage("--server must be an http(s) URL such as http://localhost:8080, not '" + value + "'");
    }

    private static EvalException usage(String message) {
        return new EvalException(message + "\n" + USAGE);
    }
}
