package dev.docent.ingest.parse.child;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.XHTMLContentHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * A Tika parser that misbehaves on purpose, for isolation tests only. It lives in the test class path (registered
 * through {@code src/test/resources/META-INF/services/org.apache.tika.parser.Parser}, its type in {@code
 * custom-mimetypes.xml}), so the packaged service does not contain it and no upload can reach it there.
 *
 * <p>Files starting with {@code DOCENT-HOSTILE-TEST} followed by a command: {@code alloc} allocates without bound,
 * {@code loop} spins forever, {@code halt} kills the JVM it runs in, {@code spool} writes a temporary file (as Tika
 * does with a document or an embedded image) and yields its path as text, {@code spool-loop} writes one and spins
 * forever, {@code pages N MS} yields N pages, each after MS milliseconds (a scan OCR'd page by page); anything
 * else yields the rest as text.
 */
public class HostileTestParser implements Parser {
    static final MediaType TYPE = MediaType.application("x-docent-hostile-test");
    static final String MAGIC = "DOCENT-HOSTILE-TEST";

    @Override
    public Set<MediaType> getSupportedTypes(ParseContext context) {
        return Set.of(TYPE);
    }

    @Override
    public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
            throws IOException, SAXException {
        String content = new String(stream.readAllBytes(), StandardCharsets.US_ASCII);
        String command =
                content.substring(Math.min(content.length(), MAGIC.length())).strip();
        if (command.startsWith("pages ")) {
            String[] args = command.split(" ");
            pages(handler, metadata, Integer.parseInt(args[1]), Long.parseLong(args[2]));
            return;
        }
        switch (command) {
            case "alloc" -> allocateForever();
            case "loop" -> spinForever();
            case "halt" -> Runtime.getRuntime().halt(134);
            case "spool" -> text(handler, metadata, spool().toString());
            case "spool-loop" -> {
                spool();
                spinForever();
            }
            default -> text(handler, metadata, command);
        }
    }

    private static void text(ContentHandler handler, Metadata metadata, String text) throws SAXException {
        XHTMLContentHandler xhtml = new XHTMLContentHandler(handler, metadata);
        xhtml.startDocument();
        xhtml.element("p", text);
        xhtml.endDocument();
    }

    private static void pages(ContentHandler handler, Metadata metadata, int pages, long millis) throws SAXException {
        XHTMLContentHandler xhtml = new XHTMLContentHandler(handler, metadata);
        xhtml.startDocument();
        for (int i = 1; i <= pages; i++) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SAXException("interrupted", e);
            }
            xhtml.startElement("div", "class", "page");
            xhtml.element("p", "Text of page " + i + ".");
            xhtml.endElement("div");
        }
        xhtml.endDocument();
    }

    /** A temporary file in the JVM's temporary directory, as Tika's {@code TemporaryResources} creates them. */
    private static Path spool() throws IOException {
        Path file = Files.createTempFile("apache-tika-", ".tmp");
        Files.write(file, new byte[64 * 1024]);
        return file.toAbsolutePath();
    }

    static byte[] file(String command) {
        return (MAGIC + " " + command + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void allocateForever() {
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }

    @SuppressWarnings("InfiniteLoopStatement")
    private static void spinForever() {
        long x = 0;
        while (true) {
            x = x * 31 + 1;
            if (x == 42) {
                Thread.onSpinWait();
            }
        }
    }
}
