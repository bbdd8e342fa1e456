package dev.docent.ingest.config;

import dev.docent.ingest.chunk.Chunker;
import dev.docent.ingest.chunk.HuggingFaceTokenCounter;
import dev.docent.ingest.chunk.StructureAwareChunker;
import dev.docent.ingest.chunk.TokenCounter;
import dev.docent.ingest.embed.Embedder;
import dev.docent.ingest.embed.EmbeddingModels;
import dev.docent.ingest.parse.DocumentParser;
import dev.docent.ingest.parse.OcrSettings;
import dev.docent.ingest.parse.ParserLimits;
import dev.docent.ingest.parse.TesseractProbe;
import dev.docent.ingest.parse.TikaDocumentParser;
import dev.docent.ingest.parse.child.ChildClasspath;
import dev.docent.ingest.parse.child.ChildOptions;
import dev.docent.ingest.parse.child.ChildProcessDocumentParser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/** Wires the ingestion ports to their adapters from {@link IngestConfig}. */
public class IngestBeans {

    private static final Logger LOG = Logger.getLogger(IngestBeans.class);

    @Produces
    @ApplicationScoped
    DocumentParser parser(IngestConfig config) {
        ParserLimits limits = new ParserLimits(
                config.maxFileBytes(),
                config.writeLimitChars(),
                config.parseTimeout(),
                config.maxEmbeddedDepth(),
                config.parseMaxDuration());
        OcrSettings ocr = ocr(config.ocr());
        IngestConfig.Parse parse = config.parse();
        if (parse.isolation() == IngestConfig.Isolation.IN_PROCESS) {
            LOG.infof("parsing in-process; OCR %s", ocr.enabled() ? "on (" + ocr.languages() + ")" : "off");
            return new TikaDocumentParser(limits, ocr);
        }
        ChildOptions options = new ChildOptions(
                ChildOptions.currentJava(),
                ChildClasspath.resolve(parse.childClasspath()),
                parse.childHeapMb(),
                parse.children(),
                parse.maxParsesPerChild(),
                parse.childStartTimeout(),
                parse.childJvmArgs().orElse(List.of()),
                ChildOptions.defaultTempRoot());
        LOG.infof(
                "parsing in up to %d worker processes of %d MB heap each; OCR %s",
                options.workers(), options.maxHeapMb(), ocr.enabled() ? "on (" + ocr.languages() + ")" : "off");
        return new ChildProcessDocumentParser(limits, ocr, options);
    }

    void closeParser(@Disposes DocumentParser parser) throws Exception {
        if (parser instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private static OcrSettings ocr(IngestConfig.Ocr config) {
        boolean enabled = switch (config.enabled()) {
            case TRUE -> true;
            case FALSE -> false;
            case AUTO -> {
                boolean found = TesseractProbe.available();
                if (!found) {
                    LOG.info("OCR off: no tesseract on the PATH (./docent install-ocr installs it)");
                }
                yield found;
            }
        };
        return new OcrSettings(enabled, config.languages(), config.timeout());
    }

    /** Chunks are sized in the embedding model's own tokens (bge-small-en-v1.5 tokenizer). */
    @Produces
    @Singleton
    HuggingFaceTokenCounter tokenCounter() {
        return new HuggingFaceTokenCounter();
    }

    void closeTokenCounter(@Disposes HuggingFaceTokenCounter counter) {
        counter.close();
    }

    /** The embedder of the default model ({@code docent.embedding.model}); collections may use others. */
    @Produces
    @ApplicationScoped
    Embedder defaultEmbedder(EmbeddingModels models) {
        return models.defaultEmbedder();
    }

    @Produces
    @ApplicationScoped
    Chunker chunker(IngestConfig config, HuggingFaceTokenCounter counter) {
        TokenCounter tokens = counter;
        return new StructureAwareChunker(tokens, config.chunkTokens(), config.chunkOverlapTokens());
    }
}
