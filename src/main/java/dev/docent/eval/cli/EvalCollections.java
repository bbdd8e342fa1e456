package dev.docent.eval.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The collections one run evaluates in. A collection is named by the corpus' content hash plus the server's
 * ingestion fingerprint ({@code -i<8 hex>}), so a re-run on the same corpus and server settings reuses it (no
 * re-embedding) while a server that chunks or embeds differently gets, and ingests, its own. With
 * {@code --fresh} every collection is new ({@code -fresh-<random>}) and deleted when the run ends.
 */
final class EvalCollections implements AutoCloseable {
    private final DocentClient client;
    private final String fingerprint;
    private final boolean fresh;
    private final List<String> names = new ArrayList<>();
    private final List<String> toDelete = new ArrayList<>();

    EvalCollections(DocentClient client, String fingerprint, boolean fresh) {
        this.client = client;
        this.fingerprint = fingerprint;
        this.fresh = fresh;
    }

    /** The id of the collection for a corpus named {@code contentName} ({@link Corpus#collectionName}). */
    String open(String contentName) {
        String name = nameFor(contentName, fingerprint, fresh);
        names.add(name);
        if (!fresh) {
            return client.ensureCollection(name);
        }
        String id = client.createCollection(name);
        toDelete.add(id);
        return id;
    }

    static String nameFor(String contentName, String fingerprint, boolean fresh) {
        String name = fingerprint == null ? contentName : contentName + "-i" + fingerprint;
        return fresh ? name + "-fresh-" + UUID.randomUUID().toString().substring(0, 8) : name;
    }

    /** The names of the collections opened so far (recorded in the report). */
    List<String> names() {
        return List.copyOf(names);
    }

    /** Deletes the collections of a {@code --fresh} run; a failure is reported, never hides the run's outcome. */
    @Override
    public void close() {
        for (String id : toDelete) {
            try {
                client.deleteCollection(id);
                System.err.println("deleted the fresh collection " + id);
            } catch (EvalException e) {
                System.err.println(
                        "docent eval: warning: could not delete the fresh collection " + id + ": " + e.getMessage());
            }
        }
        toDelete.clear();
    }
}
