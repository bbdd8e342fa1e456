package dev.docent.eval.cli;

import java.nio.file.Path;
import java.util.List;

/** Evaluates one dataset format against a server. */
interface DatasetEvaluator {
    /**
     * Loads and checks the dataset, ingests it into the collection {@code collections} gives it and scores it. A
     * dataset that cannot be evaluated (nothing to score, an empty corpus) is an {@link EvalException} raised before
     * anything is ingested.
     */
    Report evaluate(DocentClient client, EvalOptions options, EvalCollections collections);

    /** The files and folders whose content the report's {@code dataset_sha256} covers. */
    default List<Path> inputs(Path dataset) {
        return List.of(dataset);
    }
}
