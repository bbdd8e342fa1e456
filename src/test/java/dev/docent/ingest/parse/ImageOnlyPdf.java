package dev.docent.ingest.parse;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** Builds, at test time, a PDF whose pages are pictures of text only (no text layer), as a scanner would. */
public final class ImageOnlyPdf {

    private ImageOnlyPdf() {}

    /** One page per entry; each line of an entry is drawn as large black text on a white picture. */
    public static byte[] of(String... pages) {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : pages) {
                PDPage page = new PDPage(PDRectangle.A5);
                doc.addPage(page);
                PDImageXObject image = LosslessFactory.createFromImage(doc, render(text));
                try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                    PDRectangle box = page.getMediaBox();
                    content.drawImage(image, 0, 0, box.getWidth(), box.getHeight());
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG picture of {@code text} (each line drawn as large black text on white), as a scanner would make. */
    public static byte[] png(String text) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            javax.imageio.ImageIO.write(render(text), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage render(String text) {
        // A5 at 150 dpi
        BufferedImage image = new BufferedImage(874, 1240, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 40));
            int y = 150;
            for (String line : text.split("\n")) {
                g.drawString(line, 80, y);
                y += 70;
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
