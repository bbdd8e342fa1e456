package dev.docent.ingest.embed;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Embedder} over a remote endpoint: passages go out in batches of {@code batchSize}, one fault-tolerant
 * provider call each. A failure that outlives the provider's retries (or an open breaker) becomes
 * {@code unavailable}: ingestion retries the document later, a search answers 503.
 */
final class RemoteEmbedder implements Embedder {
    private final ModelSpec spec;
    private final EmbeddingProvider provider;
    private final int batchSize;

    RemoteEmbedder(ModelSpec spec, EmbeddingProvider provider, int batchSize) {
        this.spec = spec;
        this.provider = provider;
        this.batchSize = Math.max(1, batchSize);
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public boolean inProcess() {
        return false;
    }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                    .map(t -> spec.passagePrefix() + t)
                    .toList();
            out.addAll(checked(call(batch, provider::embed)));
        }
        return out;
    }

    @Override
    public float[] embedQuery(String query) {
        return checked(call(List.of(spec.queryPrefix() + query), provider::embedQuery))
                .get(0);
    }

    private List<float[]> call(List<String> batch, java.util.function.Function<List<String>, List<float[]>> endpoint) {
        try {
            return endpoint.apply(batch);
        } catch (RemoteEmbeddingModels.BadEmbeddingReply e) {
            throw unusable(e.getMessage());
        } catch (RuntimeException e) {
            Integer status = rejectedWith(e);
            if (status != null) {
                // a 4xx will not pass by waiting: a wrong key, model name or input, for the operator to fix
                throw new DocentException(
                        ErrorCode.UNAVAILABLE,
                        "The embedding model " + spec.id() + " refused the request (HTTP " + status
                                + "); check its configuration.",
                        e);
            }
            throw new DocentException(
                    ErrorCode.UNAVAILABLE, "The embedding model " + spec.id() + " is unavailable; try again later.", e);
        }
    }

    /**
     * The vectors, each of the configured dimension, finite and not all zero: a NaN, an infinity (a float that
     * overflowed) or a zero vector has no cosine, and stored it would rank by nothing.
     */
    private List<float[]> checked(List<float[]> vectors) {
        for (float[] v : vectors) {
            if (v.length != spec.dimension()) {
                throw unusable("it returned " + v.length + " dimensions, not " + spec.dimension() + " as configured");
            }
            double norm = 0;
            for (float x : v) {
                if (!Float.isFinite(x)) {
                    throw unusable("it returned a vector with a value that is not a finite number");
                }
                norm += (double) x * x;
            }
            if (norm == 0) {
                throw unusable("it returned a vector of zeros");
            }
        }
        return vectors;
    }

    /** The HTTP status of a refused request (4xx other than 408 and 429) in {@code e}'s causes, or null. */
    private static Integer rejectedWith(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof dev.langchain4j.exception.HttpException http) {
                int status = http.statusCode();
                return status >= 400 && status < 500 && status != 408 && status != 429 ? status : null;
            }
        }
        return null;
    }

    private DocentException unusable(String why) {
        return new DocentException(
                ErrorCode.UNAVAILABLE, "The embedding model " + spec.id() + " gave no usable answer: " + why + ".");
    }
}
