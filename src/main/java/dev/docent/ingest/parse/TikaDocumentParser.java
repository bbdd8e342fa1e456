package dev.docent.ingest.parse;

import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.poi.ooxml.POIXMLException;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.EncodingDetector;
import org.apache.tika.detect.TextDetector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.UnsupportedFormatException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.Office;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.EmptyParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.iwork.iwana.IWork13PackageParser;
import org.apache.tika.parser.iwork.iwana.IWork18PackageParser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.parser.txt.Icu4jEncodingDetector;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.EmbeddedContentHandler;
import org.apache.tika.sax.XHTMLContentHandler;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;
import org.xml.sax.helpers.DefaultHandler;

/**
 * {@link DocumentParser} backed by Apache Tika.
 *
 * <p>Every call builds its own {@link AutoDetectParser}, {@link ParseContext} and content handler; only the
 * immutable {@link TikaConfig} (detector, parser registry) and a small bounded worker pool are shared. The
 * text is assembled directly from Tika's XHTML SAX events, so page and heading offsets always refer to the
 * final, normalised text.
 *
 * <p>Embedded documents (attachments, files embedded in PDFs or Office documents, zip entries) are parsed
 * recursively up to {@link ParserLimits#maxEmbeddedDepth()} levels; their text is appended inline, but their
 * pages and headings are not recorded as structure of the outer document. Failures inside an embedded
 * document are ignored (counted in metadata {@code embeddedErrors}) instead of failing the whole document.
 */
public final class TikaDocumentParser implements DocumentParser {

    private static final TikaConfig TIKA_CONFIG = TikaConfig.getDefaultConfig();

    private static final int POOL_SIZE =
            Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private static final ThreadPoolExecutor EXECUTOR = createExecutor();

    private static final int MAX_HEADING_CHARS = 300;
    /** Longest comment or footnote kept when it is moved after its paragraph (the rest of it is dropped). */
    private static final int MAX_ASIDE_CHARS = 20_000;

    private static final int MAX_METADATA_CHARS = 200;
    private static final String DEFAULT_TITLE = "Untitled document";
    private static final String PDF = "application/pdf";
    /** Parsers Tika routes a format to that extract its metadata but never its text. */
    private static final List<Class<? extends Parser>> METADATA_ONLY_PARSERS =
            List.of(IWork13PackageParser.class, IWork18PackageParser.class);

    private final ParserLimits limits;
    private final OcrSettings ocr;
    private final Runnable onProgress;

    /** A parser that never runs OCR. */
    public TikaDocumentParser(ParserLimits limits) {
        this(limits, OcrSettings.disabled());
    }

    public TikaDocumentParser(ParserLimits limits, OcrSettings ocr) {
        this(limits, ocr, () -> {});
    }

    /**
     * A parser that calls {@code onProgress} (from the parsing thread) whenever a parse finishes a page or an
     * embedded document: a parse worker tells the service, which enforces the timeout from its side.
     */
    public TikaDocumentParser(ParserLimits limits, OcrSettings ocr, Runnable onProgress) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.ocr = Objects.requireNonNull(ocr, "ocr");
        this.onProgress = Objects.requireNonNull(onProgress, "onProgress");
    }

    @Override
    public ParsedDocument parse(InputStream content, String fileName) {
        Objects.requireNonNull(content, "content");
        String name = fileName == null ? "" : fileName.strip();
        byte[] bytes = LimitedInput.read(content, limits.maxBytes());
        if (bytes.length == 0) {
            throw new DocentException(ErrorCode.EMPTY, "The file is empty.");
        }

        MediaType type = detect(bytes, name);
        AutoDetectParser parser = new AutoDetectParser(TIKA_CONFIG);
        Parser outer = parser;
        MediaType handledAs = handledAs(parser, type);
        if (handledAs == null && looksLikeText(bytes)) {
            // A type Tika recognises but has no parser for, whose bytes are text (e.g. ISA-Tab's a_*.txt
            // tables): read it as plain text rather than refusing it.
            type = MediaType.TEXT_PLAIN;
            outer = parser.getParsers(new ParseContext()).get(MediaType.TEXT_PLAIN);
            handledAs = handledAs(parser, type);
        }
        if (outer == null || handledAs == null) {
            throw new DocentException(ErrorCode.UNSUPPORTED_TYPE, "This file type is not supported.");
        }
        Parser chosen = outer;
        boolean readAsText = outer != parser;

        boolean message = isMessage(type.toString());
        Run run = parseOnce(parser, chosen, bytes, name, readAsText, null, message);
        if ("text".equals(type.getType()) && replacements(run.handler().text()) > 0) {
            // U+FFFD in a text format: the declared or guessed charset was wrong (an HTML page whose meta tag says
            // UTF-8 over windows-1256 bytes). Read it again with the charset the bytes themselves suggest, and keep
            // whichever reading lost fewer characters.
            Run again = parseOnce(parser, chosen, bytes, name, readAsText, new Icu4jEncodingDetector(), message);
            if (replacements(again.handler().text())
                    < replacements(run.handler().text())) {
                run = again;
            }
        }
        StructureHandler handler = run.handler();
        Metadata metadata = run.metadata();

        String text = handler.text();
        if (text.isBlank()) {
            if (readsNoText(type, handledAs, metadata)) {
                throw new DocentException(
                        ErrorCode.UNSUPPORTED_TYPE,
                        "This file format (" + type.getBaseType() + ") is recognised, but its text cannot be read.");
            }
            throw new DocentException(ErrorCode.NO_TEXT, noTextMessage(type));
        }
        String mediaType = type.getBaseType().toString();
        List<Integer> pageStarts = handler.pageStarts();
        int unpagedFrom = handler.unpagedFrom(text.length());
        List<ParsedDocument.Heading> headings = handler.headings();
        boolean markdown = isMarkdown(mediaType, name);
        if (markdown && headings.isEmpty()) {
            headings = MarkdownHeadings.of(text);
        }
        if (mediaType.equals(PDF)) {
            // the start of the unpaged tail moves with the text, and like a page start no line is joined across it
            List<Integer> starts = new ArrayList<>(pageStarts);
            if (unpagedFrom >= 0) {
                starts.add(unpagedFrom);
            }
            // running heads and footers first: reflow would join them to the lines around them
            PdfFurniture.Result bare =
                    PdfFurniture.strip(text, starts, pageStarts.size(), headings, handler.gapStarts());
            text = bare.text();
            PdfReflow.Result reflowed =
                    PdfReflow.reflow(text, bare.starts(), pageStarts.size(), bare.headings(), bare.gapStarts());
            text = reflowed.text();
            pageStarts = reflowed.pageStarts();
            if (unpagedFrom >= 0) {
                unpagedFrom = pageStarts.get(pageStarts.size() - 1);
                pageStarts = pageStarts.subList(0, pageStarts.size() - 1);
            }
            headings = reflowed.headings();
            if (headings.isEmpty()) {
                // no outline markup: section lines of the pages themselves (not of attachments after them)
                headings = PdfHeadings.detect(unpagedFrom >= 0 ? text.substring(0, unpagedFrom) : text, pageStarts);
            }
        }
        return new ParsedDocument(
                title(metadata, name, markdown ? headings : List.of()),
                mediaType,
                text,
                pageStarts,
                unpagedFrom < 0 ? null : unpagedFrom,
                headings,
                selectMetadata(metadata, mediaType, handler));
    }

    /** What one parse of the bytes produced. */
    private record Run(StructureHandler handler, Metadata metadata) {}

    /**
     * One bounded parse of {@code bytes} by {@code chosen} (timeout, write limit, embedded depth); {@code encoding},
     * when not null, decides the charset of text formats instead of their declaration.
     */
    private Run parseOnce(
            AutoDetectParser parser,
            Parser chosen,
            byte[] bytes,
            String name,
            boolean readAsText,
            EncodingDetector encoding,
            boolean message) {
        StructureHandler handler = new StructureHandler(limits.writeLimitChars(), onProgress);
        Metadata metadata = new Metadata();
        if (readAsText) {
            metadata.set(Metadata.CONTENT_TYPE, MediaType.TEXT_PLAIN.toString());
        }
        if (!name.isEmpty()) {
            metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        }
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser);
        context.set(EmbeddedDocumentExtractor.class, new DepthLimitedExtractor(parser, context, handler));
        configureOcr(context);
        if (encoding != null) {
            context.set(EncodingDetector.class, encoding);
        }

        Future<?> future;
        try {
            future = EXECUTOR.submit(() -> {
                runParse(chosen, bytes, handler, metadata, context, message);
                return null;
            });
        } catch (RejectedExecutionException e) {
            throw new DocentException(ErrorCode.UNAVAILABLE, "The document parser is busy; try again later.", e);
        }
        try {
            new ParseDeadline(limits, handler::lastProgressNanos).await(future);
        } catch (TimeoutException e) {
            handler.abort();
            future.cancel(true);
            throw new DocentException(ErrorCode.TIMEOUT, e.getMessage(), e);
        } catch (InterruptedException e) {
            handler.abort();
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DocentException(ErrorCode.UNAVAILABLE, "Parsing was interrupted; try again later.", e);
        } catch (CancellationException e) {
            throw new DocentException(ErrorCode.TIMEOUT, "The document took too long to parse.", e);
        } catch (ExecutionException e) {
            throw mapFailure(e.getCause());
        }

        return new Run(handler, metadata);
    }

    /** How many characters a reading could not decode (U+FFFD). */
    private static int replacements(String text) {
        int n = 0;
        for (int i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * Why a document has no text, in words its owner can act on: a PDF or an image without text may be scanned pages,
     * which only OCR reads.
     */
    String noTextMessage(MediaType type) {
        boolean mayBeScanned = PDF.equals(type.getBaseType().toString()) || "image".equals(type.getType());
        if (!mayBeScanned) {
            return "No text could be extracted from the document.";
        }
        return ocr.enabled()
                ? "No text could be extracted from the document, even with OCR."
                : "No text could be extracted from the document: its pages may be scanned images, and OCR is off on"
                        + " this server (it needs Tesseract).";
    }

    /**
     * Sets OCR explicitly either way: Tika's own default would OCR (strategy AUTO) whenever a {@code tesseract}
     * binary happens to be on the PATH, without our timeout and language.
     */
    private void configureOcr(ParseContext context) {
        PDFParserConfig pdf = new PDFParserConfig();
        TesseractOCRConfig tesseract = new TesseractOCRConfig();
        if (ocr.enabled()) {
            pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.AUTO); // only pages with (almost) no text layer
            tesseract.setLanguage(ocr.languages());
            tesseract.setTimeoutSeconds(
                    (int) Math.max(1, Math.min(Integer.MAX_VALUE, ocr.timeout().toSeconds())));
        } else {
            pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
            tesseract.setSkipOcr(true);
        }
        // a page whose text runs at an angle (a rotated scan, a landscape table) came out as fragments of 1-3
        // letters a line ("A\np\nach\ne T\nik\na"); with angle detection PDFBox reads each angle's text in its own
        // pass
        pdf.setDetectAngles(true);
        context.set(PDFParserConfig.class, pdf);
        context.set(TesseractOCRConfig.class, tesseract);
        // tracked changes: what the author deleted (or moved away) is not the document's text
        OfficeParserConfig office = new OfficeParserConfig();
        office.setIncludeDeletedContent(false);
        office.setIncludeMoveFromContent(false);
        // the DOM extractor ignores the two settings above; the streaming one honours them, keeps comments and
        // footnotes out of the sentence they annotate, and read paragraphs the DOM one lost (testWORD_missing_text)
        office.setUseSAXDocxExtractor(true);
        context.set(OfficeParserConfig.class, office);
    }

    private static MediaType detect(byte[] bytes, String name) {
        Metadata hint = new Metadata();
        if (!name.isEmpty()) {
            hint.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        }
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            MediaType type = TIKA_CONFIG.getDetector().detect(in, hint);
            return type == null ? MediaType.OCTET_STREAM : type;
        } catch (IOException | RuntimeException e) {
            return MediaType.OCTET_STREAM;
        }
    }

    /** Tika's byte-statistics text detector: true when the content reads as text in some encoding. */
    private static boolean looksLikeText(byte[] bytes) {
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            return MediaType.TEXT_PLAIN.equals(new TextDetector().detect(in, new Metadata()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The type under which some real parser (not the empty fallback) handles {@code type}: the type itself, or the
     * first of its supertypes that has one; null when none does. The walk is Tika's own: parameters count, so
     * {@code application/onenote; format=one} or {@code application/vnd.wordperfect; version=6.x} finds the parser
     * registered for exactly that, and their supertype is the type without parameters.
     */
    private static MediaType handledAs(AutoDetectParser parser, MediaType type) {
        Map<MediaType, Parser> parsers = parser.getParsers(new ParseContext());
        MediaTypeRegistry registry = TIKA_CONFIG.getMediaTypeRegistry();
        MediaType current = registry.normalize(type);
        while (current != null) {
            Parser p = parsers.get(current);
            if (p != null) {
                return p instanceof EmptyParser ? null : current;
            }
            current = registry.getSupertype(current);
        }
        return null;
    }

    /**
     * True when a document came out blank because no parser reads this format's text, not because the document holds
     * none: Tika recognised the format but only handled it as one of its generic containers (an MS Works file is an
     * OLE2 file to it, {@code application/x-tika-msoffice}), or the parser that ran reads metadata only (iWork 2013
     * and later, whose content is in Apple's undocumented binary format).
     */
    private static boolean readsNoText(MediaType type, MediaType handledAs, Metadata metadata) {
        MediaType detected = TIKA_CONFIG.getMediaTypeRegistry().normalize(type.getBaseType());
        if (!handledAs.getBaseType().equals(detected) && handledAs.getSubtype().startsWith("x-tika-")) {
            return true;
        }
        List<String> parsedBy = List.of(metadata.getValues(TikaCoreProperties.TIKA_PARSED_BY));
        return METADATA_ONLY_PARSERS.stream().anyMatch(p -> parsedBy.contains(p.getName()));
    }

    /** Whether a content type is an e-mail message (RFC 822), whose headers are put before its body. */
    static boolean isMessage(String contentType) {
        return contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("message/rfc822");
    }

    private static void runParse(
            Parser parser,
            byte[] bytes,
            StructureHandler handler,
            Metadata metadata,
            ParseContext context,
            boolean message)
            throws Exception {
        if (message) {
            handler.mailHeaders(MailHeaders.lines(bytes));
        }
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            parser.parse(in, handler, metadata, context);
        } catch (Exception e) {
            if (handler.limitReached() && hasCause(e, StopParsing.class)) {
                return; // write limit reached: keep what was collected
            }
            throw e;
        }
    }

    private static DocentException mapFailure(Throwable failure) {
        if (failure instanceof DocentException de) {
            return de;
        }
        if (hasCause(failure, StopParsing.class)) {
            return new DocentException(ErrorCode.TIMEOUT, "The document took too long to parse.", failure);
        }
        if (hasCause(failure, EncryptedDocumentException.class)) {
            return new DocentException(
                    ErrorCode.ENCRYPTED, "The document is password-protected or encrypted.", failure);
        }
        if (hasCause(failure, UnsupportedFormatException.class)) {
            return new DocentException(ErrorCode.UNSUPPORTED_TYPE, "This file format is not supported.", failure);
        }
        if (isStrictOoxml(failure)) {
            return new DocentException(
                    ErrorCode.UNSUPPORTED_TYPE,
                    "Strict Open XML (ISO/IEC 29500 Strict) documents are not supported; save the file in the"
                            + " standard Office format and upload it again.",
                    failure);
        }
        if (hasCause(failure, ZeroByteFileException.class)) {
            return new DocentException(ErrorCode.EMPTY, "The file is empty.", failure);
        }
        if (failure instanceof OutOfMemoryError oom) {
            throw oom;
        }
        return new DocentException(
                ErrorCode.CORRUPT, "The document could not be read; it may be damaged or malformed.", failure);
    }

    /** Apache POI refuses Strict OOXML (its bug 57699) with this exception; Tika passes it on wrapped. */
    private static boolean isStrictOoxml(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof POIXMLException
                    && t.getMessage() != null
                    && t.getMessage().contains("Strict OOXML")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        Throwable t = failure;
        for (int i = 0; t != null && i < 20; i++) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t instanceof SAXException sax && sax.getException() != null && sax.getException() != t.getCause()) {
                if (type.isInstance(sax.getException())) {
                    return true;
                }
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    /**
     * The format's title, else the first top-level heading of {@code headings} when the text starts with it (Markdown
     * has no title metadata), else the file name.
     */
    private static String title(Metadata metadata, String name, List<ParsedDocument.Heading> headings) {
        String title = clean(metadata.get(TikaCoreProperties.TITLE));
        if (title != null) {
            return title;
        }
        if (!headings.isEmpty()
                && headings.get(0).level() == 1
                && headings.get(0).charStart() < 200) {
            return headings.get(0).text();
        }
        return name.isEmpty() ? DEFAULT_TITLE : name;
    }

    private static boolean isMarkdown(String mediaType, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return mediaType.equals("text/markdown")
                || mediaType.equals("text/x-markdown")
                || (mediaType.equals("text/plain") && (lower.endsWith(".md") || lower.endsWith(".markdown")));
    }

    private static Map<String, String> selectMetadata(Metadata metadata, String mediaType, StructureHandler handler) {
        Map<String, String> out = new LinkedHashMap<>();
        putJoined(out, "author", metadata, TikaCoreProperties.CREATOR);
        putFirst(out, "created", metadata, TikaCoreProperties.CREATED);
        putFirst(out, "modified", metadata, TikaCoreProperties.MODIFIED);
        putFirst(out, "language", metadata, TikaCoreProperties.LANGUAGE);
        putFirst(out, "pageCount", metadata, PagedText.N_PAGES);
        putFirst(out, "pageCount", metadata, Office.PAGE_COUNT);
        putFirst(out, "pageCount", metadata, Office.SLIDE_COUNT);
        out.put("contentType", mediaType);
        if (handler.limitReached()) {
            out.put("truncated", "true");
        }
        if (handler.embeddedErrors() > 0) {
            out.put("embeddedErrors", Integer.toString(handler.embeddedErrors()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static void putFirst(Map<String, String> out, String key, Metadata metadata, Property property) {
        if (out.containsKey(key)) {
            return;
        }
        String value = clean(metadata.get(property));
        if (value != null) {
            out.put(key, value);
        }
    }

    private static void putJoined(Map<String, String> out, String key, Metadata metadata, Property property) {
        String[] values = metadata.getValues(property);
        List<String> cleaned = new ArrayList<>();
        for (String v : values) {
            String c = clean(v);
            if (c != null && !cleaned.contains(c)) {
                cleaned.add(c);
            }
        }
        if (!cleaned.isEmpty()) {
            String joined = String.join(", ", cleaned);
            out.put(key, joined.length() > MAX_METADATA_CHARS ? joined.substring(0, MAX_METADATA_CHARS) : joined);
        }
    }

    /** Strips control characters and collapses whitespace; null when nothing is left. */
    private static String clean(String value) {
        if (value == null) {
            return null;
        }
        String s = value.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        if (s.isEmpty()) {
            return null;
        }
        return s.length() > MAX_METADATA_CHARS
                ? s.substring(0, MAX_METADATA_CHARS).strip()
                : s;
    }

    private static ThreadPoolExecutor createExecutor() {
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                POOL_SIZE,
                POOL_SIZE,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(64),
                r -> {
                    Thread t = new Thread(r, "docent-tika-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Thrown from the handler to stop a parse early (write limit reached or aborted after a timeout). */
    private static final class StopParsing extends SAXException {
        StopParsing(String message) {
            super(message);
        }
    }

    /** Parses embedded documents inline, up to the configured depth; never fails the outer document. */
    private final class DepthLimitedExtractor implements EmbeddedDocumentExtractor {
        private final Parser parser;
        private final ParseContext context;
        private final StructureHandler structure;
        private int depth;

        DepthLimitedExtractor(Parser parser, ParseContext context, StructureHandler structure) {
            this.parser = parser;
            this.context = context;
            this.structure = structure;
        }

        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return depth < limits.maxEmbeddedDepth() && !structure.limitReached() && !isThumbnail(metadata);
        }

        @Override
        public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
                throws SAXException, IOException {
            if (!shouldParseEmbedded(metadata)) {
                return;
            }
            depth++;
            structure.enterEmbedded();
            // The wrapper is closed, the outer parser's stream is not (NonClosingInputStream): closing the wrapper
            // deletes the temporary files it spooled the embedded document to (an OLE2 or zip container, an image)
            try (TikaInputStream in = TikaInputStream.get(new NonClosingInputStream(stream))) {
                if (isMessage(metadata.get(Metadata.CONTENT_TYPE))) {
                    in.mark(MailHeaders.MAX_HEADER_BYTES);
                    byte[] head = in.readNBytes(MailHeaders.MAX_HEADER_BYTES);
                    in.reset();
                    structure.mailHeaders(MailHeaders.lines(head));
                }
                parser.parse(in, new EmbeddedContentHandler(new BodyContentHandler(handler)), metadata, context);
            } catch (StopParsing e) {
                throw e;
            } catch (Exception e) {
                if (hasCause(e, StopParsing.class)) {
                    throw new StopParsing("stopped");
                }
                structure.embeddedFailed();
            } finally {
                structure.exitEmbedded();
                depth--;
            }
        }
    }

    /**
     * A small picture of the document's first page (Office's {@code docProps/thumbnail}, OpenDocument's and iWork's
     * previews): a copy of text the document already has, which OCR read again, or read as garbage when the
     * picture was too small.
     */
    static boolean isThumbnail(Metadata metadata) {
        return TikaCoreProperties.EmbeddedResourceType.THUMBNAIL
                .name()
                .equals(metadata.get(TikaCoreProperties.EMBEDDED_RESOURCE_TYPE));
    }

    /** Shields the outer stream from being closed by an embedded parse. */
    private static final class NonClosingInputStream extends java.io.FilterInputStream {
        NonClosingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // keep the underlying stream open
        }
    }

    /**
     * Builds the normalised text and its structure from XHTML SAX events: paragraphs and headings are
     * separated by a blank line, list items, rows and line breaks by a newline, table cells by a tab. Runs of
     * more than two newlines are collapsed, carriage returns become newlines and NUL characters are dropped.
     */
    static final class StructureHandler extends DefaultHandler {
        private final int writeLimit;
        private final StringBuilder out = new StringBuilder();
        private final List<Integer> pageStarts = new ArrayList<>();
        private final List<ParsedDocument.Heading> headings = new ArrayList<>();
        private volatile boolean aborted;
        private boolean limitReached;
        private int embeddedDepth;
        private int embeddedErrors;
        // where the run of embedded documents after the last page began; -1 while the outer document's text follows
        private int unpagedFrom = -1;
        // element depth of the open page div of the outer document, -1 between pages
        private int pageDivDepth = -1;
        private int skipDepth;
        private boolean lastWasCr;
        private int cellIndex;
        private int cellDepth;
        // offsets where a paragraph starts after an empty one (a vertical gap in PDF layouts)
        private final Set<Integer> gapStarts = new HashSet<>();
        private boolean paragraphOpen;
        private boolean paragraphHasText;

        // current top-level heading, if any
        private int headingLevel;
        private int headingElementDepth;
        private int headingStart = -1;
        private final StringBuilder headingText = new StringBuilder();
        private int elementDepth;

        // element depths of the open blocks (paragraphs, headings, list items, cells); a comment or footnote opened
        // inside one is an aside, set aside until that block ends so it does not split its heading or sentence
        private final java.util.ArrayDeque<Integer> openBlocks = new java.util.ArrayDeque<>();
        private int asideDepth = -1;
        private int asideHostDepth = -1;
        private final StringBuilder aside = new StringBuilder();
        private final List<String> pendingAsides = new ArrayList<>();
        private long pendingChars;

        private final Runnable onProgress;
        private volatile long lastProgressNanos = System.nanoTime();

        StructureHandler(int writeLimit) {
            this(writeLimit, () -> {});
        }

        StructureHandler(int writeLimit, Runnable onProgress) {
            this.writeLimit = writeLimit;
            this.onProgress = onProgress;
        }

        /** When the parse last finished a page or an embedded document (or began), in {@link System#nanoTime()}. */
        long lastProgressNanos() {
            return lastProgressNanos;
        }

        private void progressed() {
            if (aborted) {
                return;
            }
            lastProgressNanos = System.nanoTime();
            onProgress.run();
        }

        void abort() {
            aborted = true;
        }

        boolean limitReached() {
            return limitReached;
        }

        int embeddedErrors() {
            return embeddedErrors;
        }

        void enterEmbedded() {
            if (embeddedDepth == 0 && !pageStarts.isEmpty() && pageDivDepth < 0 && unpagedFrom < 0) {
                breakLine(2);
                unpagedFrom = out.length();
            }
            embeddedDepth++;
            breakLine(2);
        }

        void exitEmbedded() {
            embeddedDepth--;
            breakLine(2);
            progressed(); // an attachment or an embedded image (OCR'd) done
        }

        /** An e-mail message's header lines ({@link MailHeaders}), one line each, as a block before its body. */
        void mailHeaders(List<String> lines) throws SAXException {
            if (lines.isEmpty()) {
                return;
            }
            AttributesImpl none = new AttributesImpl();
            startElement(XHTMLContentHandler.XHTML, "p", "p", none);
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    startElement(XHTMLContentHandler.XHTML, "br", "br", none);
                    endElement(XHTMLContentHandler.XHTML, "br", "br");
                }
                char[] chars = lines.get(i).toCharArray();
                characters(chars, 0, chars.length);
            }
            endElement(XHTMLContentHandler.XHTML, "p", "p");
        }

        void embeddedFailed() {
            embeddedErrors++;
        }

        String text() {
            int end = out.length();
            int floor = pageStarts.isEmpty() ? 0 : pageStarts.get(pageStarts.size() - 1);
            if (!headings.isEmpty()) {
                floor = Math.max(floor, headings.get(headings.size() - 1).charStart());
            }
            while (end > floor && Character.isWhitespace(out.charAt(end - 1))) {
                end--;
            }
            return out.substring(0, end);
        }

        List<Integer> pageStarts() {
            return List.copyOf(pageStarts);
        }

        /**
         * Where the embedded documents that follow the last page begin in a text of {@code length} chars, or -1 when
         * the outer document's own text (or a page) came after every embedded document, or they added no text.
         */
        int unpagedFrom(int length) {
            return unpagedFrom >= 0 && unpagedFrom < length ? unpagedFrom : -1;
        }

        List<ParsedDocument.Heading> headings() {
            return List.copyOf(headings);
        }

        Set<Integer> gapStarts() {
            return Set.copyOf(gapStarts);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            checkAbort();
            elementDepth++;
            String el = name(localName, qName);
            if (skipDepth > 0 || isSkipped(el)) {
                skipDepth++;
                return;
            }
            if (asideDepth >= 0) {
                separateAside();
                return;
            }
            if (!openBlocks.isEmpty() && isAside(el, atts)) {
                asideDepth = elementDepth;
                asideHostDepth = openBlocks.peek();
                return;
            }
            if (isBlock(el)) {
                openBlocks.push(elementDepth);
            }
            switch (el) {
                case "div" -> {
                    if (embeddedDepth == 0 && isPageDiv(atts)) {
                        startPage();
                        pageDivDepth = elementDepth;
                    } else {
                        breakLine(1);
                    }
                }
                case "p" -> {
                    breakLine(2);
                    paragraphOpen = true;
                    paragraphHasText = false;
                }
                case "table", "ul", "ol", "blockquote", "pre", "section", "article" -> breakLine(2);
                case "li", "dt", "dd" -> breakLine(1);
                case "tr" -> {
                    breakLine(1);
                    cellIndex = 0;
                }
                case "td", "th" -> {
                    if (cellIndex++ > 0 && !out.isEmpty() && !limitReached) {
                        // spaces only: the tab before an empty cell stays, or every later cell of the row would move
                        // one column to the left (spreadsheets write empty cells between filled ones)
                        stripTrailingSpaces();
                        appendRaw('\t');
                    }
                    cellDepth++;
                }
                case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                    breakLine(2);
                    if (embeddedDepth == 0 && headingLevel == 0) {
                        headingLevel = el.charAt(1) - '0';
                        headingElementDepth = elementDepth;
                        headingStart = -1;
                        headingText.setLength(0);
                    }
                }
                default -> {
                    // inline element: no break
                }
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            checkAbort();
            String el = name(localName, qName);
            int depth = elementDepth--;
            if (skipDepth > 0) {
                skipDepth--;
                return;
            }
            if (asideDepth >= 0) {
                if (depth == asideDepth) {
                    String text = aside.toString().replaceAll("\\s+", " ").strip();
                    if (!text.isEmpty() && pendingChars + text.length() <= writeLimit) {
                        pendingAsides.add(text); // held until their block ends, never more than the text may hold
                        pendingChars += text.length();
                    }
                    aside.setLength(0);
                    asideDepth = -1;
                } else {
                    separateAside();
                }
                return;
            }
            if (!openBlocks.isEmpty() && openBlocks.peek() == depth) {
                openBlocks.pop();
            }
            if (depth == pageDivDepth) {
                pageDivDepth = -1; // a document embedded after this, outside every page, is on no page
                progressed(); // for a scan, its OCR is done
            }
            switch (el) {
                case "p" -> {
                    breakLine(2);
                    if (paragraphOpen && !paragraphHasText && !out.isEmpty()) {
                        gapStarts.add(out.length());
                    }
                    paragraphOpen = false;
                }
                case "div", "table", "ul", "ol", "blockquote", "pre", "section", "article" -> breakLine(2);
                case "li", "tr", "br", "dt", "dd" -> breakLine(1);
                case "td", "th" -> cellDepth = Math.max(0, cellDepth - 1);
                case "h1", "h2", "h3", "h4", "h5", "h6" -> {
                    if (headingLevel > 0 && depth == headingElementDepth) {
                        finishHeading();
                    }
                    breakLine(2);
                }
                default -> {
                    // inline element
                }
            }
            if (depth == asideHostDepth) {
                asideHostDepth = -1;
                appendAsides();
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            checkAbort();
            if (skipDepth > 0) {
                return;
            }
            if (asideDepth >= 0) {
                if (aside.length() < MAX_ASIDE_CHARS) {
                    aside.append(ch, start, Math.min(length, MAX_ASIDE_CHARS - aside.length()));
                }
                return;
            }
            for (int i = start; i < start + length; i++) {
                char c = ch[i];
                if (c == '\r') {
                    appendChar('\n');
                    lastWasCr = true;
                    continue;
                }
                if (c == '\n' && lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                lastWasCr = false;
                if (embeddedDepth == 0 && unpagedFrom >= 0 && !Character.isWhitespace(c)) {
                    unpagedFrom = -1; // the outer document goes on: what it embedded was inline
                }
                appendChar(c);
            }
        }

        @Override
        public void endDocument() {
            appendAsides(); // a block left open by a malformed document
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            // layout whitespace from Tika's XHTML writer; breaks are derived from elements instead. But inside a
            // paragraph it is the only sign of a line end: Tika's PDF parser ends every line of a paragraph so
            // ("and\ncloses" would read "andcloses"), and a line end there is a space at least
            if (!paragraphOpen || skipDepth > 0) {
                return;
            }
            for (int i = start; i < start + length; i++) {
                if (ch[i] == '\n') {
                    characters(ch, i, 1);
                    return;
                }
            }
        }

        private void checkAbort() throws SAXException {
            if (aborted) {
                throw new StopParsing("aborted");
            }
            if (limitReached) {
                throw new StopParsing("write limit reached");
            }
        }

        private void startPage() {
            if (limitReached) {
                return;
            }
            breakLine(2);
            unpagedFrom = -1;
            int pos = out.length();
            if (pageStarts.isEmpty()) {
                pageStarts.add(0); // anything before the first page belongs to page 1
                return;
            }
            if (pos <= pageStarts.get(pageStarts.size() - 1)) {
                // previous page had no text: keep offsets strictly increasing with one extra newline
                if (!appendRaw('\n')) {
                    return;
                }
                pos = out.length();
            }
            pageStarts.add(pos);
        }

        /** The asides set aside in the block that just ended, each a paragraph of its own after it. */
        private void appendAsides() {
            for (String text : pendingAsides) {
                breakLine(2);
                for (int i = 0; i < text.length(); i++) {
                    appendChar(text.charAt(i));
                }
                breakLine(2);
            }
            pendingAsides.clear();
            pendingChars = 0;
        }

        private void separateAside() {
            if (!aside.isEmpty() && !Character.isWhitespace(aside.charAt(aside.length() - 1))) {
                aside.append(' ');
            }
        }

        private void finishHeading() {
            String text = headingText.toString().replaceAll("\\s+", " ").strip();
            if (headingStart >= 0 && !text.isEmpty()) {
                if (text.length() > MAX_HEADING_CHARS) {
                    text = text.substring(0, MAX_HEADING_CHARS).strip();
                }
                headings.add(new ParsedDocument.Heading(headingLevel, text, headingStart));
            }
            headingLevel = 0;
            headingStart = -1;
            headingText.setLength(0);
        }

        /** Ensures the text ends with at least {@code n} (1 or 2) newlines, unless it is empty. */
        private void breakLine(int n) {
            if (out.isEmpty() || limitReached) {
                return;
            }
            if (cellDepth > 0) {
                // blocks inside a table cell are joined with a space so that cells stay on one row
                if (!Character.isWhitespace(out.charAt(out.length() - 1))) {
                    appendRaw(' ');
                }
                return;
            }
            stripTrailingBlanks();
            int trailing = trailingNewlines();
            for (int i = trailing; i < n; i++) {
                if (!appendRaw('\n')) {
                    return;
                }
            }
        }

        private void appendChar(char c) {
            if (c == '\0' || limitReached) {
                return;
            }
            if (c == '\n' && cellDepth == 0) { // inside a table cell a line break is a space: rows stay whole
                if (out.isEmpty()) {
                    return;
                }
                stripTrailingBlanks();
                if (trailingNewlines() >= 2) {
                    return;
                }
                appendRaw('\n');
                return;
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                // runs of spaces (incl. no-break spaces), tabs and control characters become one space; none at
                // the start of a line
                if (!out.isEmpty() && !Character.isWhitespace(out.charAt(out.length() - 1))) {
                    appendRaw(' ');
                }
                return;
            }
            if (headingLevel > 0 && headingStart < 0) {
                headingStart = out.length();
            }
            appendRaw(c);
        }

        private boolean appendRaw(char c) {
            if (out.length() >= writeLimit) {
                limitReached = true;
                return false;
            }
            out.append(c);
            if (!Character.isWhitespace(c)) {
                paragraphHasText = true;
            }
            if (headingLevel > 0 && headingStart >= 0 && headingText.length() <= MAX_HEADING_CHARS) {
                headingText.append(Character.isWhitespace(c) ? ' ' : c);
            }
            return true;
        }

        private void stripTrailingBlanks() {
            stripTrailing(true);
        }

        private void stripTrailingSpaces() {
            stripTrailing(false);
        }

        /** Drops trailing spaces (and tabs too, when {@code tabs}), never before the heading being read. */
        private void stripTrailing(boolean tabs) {
            int floor = headingStart >= 0 ? headingStart : 0;
            int len = out.length();
            while (len > floor && (out.charAt(len - 1) == ' ' || tabs && out.charAt(len - 1) == '\t')) {
                len--;
            }
            out.setLength(len);
        }

        private int trailingNewlines() {
            int count = 0;
            for (int i = out.length() - 1; i >= 0 && count < 2 && out.charAt(i) == '\n'; i--) {
                count++;
            }
            return count;
        }

        private static boolean isPageDiv(Attributes atts) {
            return hasClass(atts, "page", "slide-content");
        }

        /** Whether the element's class attribute holds one of {@code names}. */
        private static boolean hasClass(Attributes atts, String... names) {
            String cls = atts.getValue("class");
            if (cls == null) {
                return false;
            }
            for (String token : cls.strip().split("\\s+")) {
                for (String name : names) {
                    if (token.equals(name)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static boolean isBlock(String el) {
            return switch (el) {
                case "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "blockquote" -> true;
                default -> false;
            };
        }

        /** A comment or footnote, as Tika marks them where they sit in the text (OpenDocument, for one). */
        private static boolean isAside(String el, Attributes atts) {
            return (el.equals("p") || el.equals("div") || el.equals("span")) && hasClass(atts, "annotation", "note");
        }

        private static boolean isSkipped(String el) {
            return el.equals("head") || el.equals("title") || el.equals("script") || el.equals("style");
        }

        private static String name(String localName, String qName) {
            String n = localName == null || localName.isEmpty() ? qName : localName;
            int colon = n.indexOf(':');
            return (colon >= 0 ? n.substring(colon + 1) : n).toLowerCase(Locale.ROOT);
        }
    }
}
