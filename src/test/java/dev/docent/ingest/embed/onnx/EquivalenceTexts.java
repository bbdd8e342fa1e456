package dev.docent.ingest.embed.onnx;

import java.util.ArrayList;
import java.util.List;

/** Varied texts for comparing embedding paths: short, long (over 512 tokens), unicode, code, numbers. */
final class EquivalenceTexts {
    private EquivalenceTexts() {}

    static List<String> all() {
        List<String> texts = new ArrayList<>(List.of(
                "a",
                "Hello",
                "What is the capital of France?",
                "Represent this sentence for searching relevant passages: statins and myopathy",
                "Aspirin irreversibly inhibits cyclooxygenase-1 (COX-1) in platelets, reducing thromboxane A2.",
                "The p53 tumour suppressor is mutated in ~50% of human cancers; MDM2 binds and ubiquitinates it.",
                "  leading and trailing whitespace\t\n",
                "UPPER CASE SHOUTING ABOUT THE WEATHER",
                "Numbers: 3.14159, 2.71828, 1e-10, 42, -7, 0x1F, 1,000,000 and 10^6.",
                "Zürich, Köln, São Paulo, Kraków, Ålesund, naïve café résumé",
                "東京は日本の首都です。人口は約1400万人です。",
                "北京是中华人民共和国的首都。",
                "Москва — столица России, крупнейший город страны.",
                "القاهرة هي عاصمة مصر وأكبر مدنها.",
                "עברית היא שפה שמית",
                "Emoji 😀🚀🔥 mixed with text 👍🏽 and flags 🇩🇪🇯🇵",
                "Greek letters α β γ δ and math ∑ ∫ √ ∞ ≤ ≥ ≠",
                "def embed(text):\n    return model.encode(text)  # Python code\n",
                "SELECT d.title FROM document d WHERE d.id = ?::uuid ORDER BY k.id;",
                "https://example.org/path?q=embedding&lang=en#section-2",
                "Title\nHeading > Subheading\nThe chunk text follows the heading path, as the pipeline builds it.",
                "unbelievably antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
                "ÀÉÎÕÜ àéîõü ñ ç ß æ ø œ",
                "日本語とEnglishが混ざった文章です。Mixed script text.",
                "한국어 문장도 포함됩니다."));
        String paragraph = "Background: Randomised controlled trials of vitamin D supplementation have reported"
                + " inconsistent effects on fracture risk in older adults. Methods: We pooled individual"
                + " participant data from eleven trials, adjusting for baseline serum 25-hydroxyvitamin D"
                + " concentrations, adherence and calcium co-supplementation. ";
        texts.add(paragraph.repeat(2)); // ~ 130 tokens
        texts.add(paragraph.repeat(9)); // ~ 600 tokens: over the 512 limit
        texts.add(paragraph.repeat(25)); // ~ 1,600 tokens
        texts.add("naïve coöperation über Straße ".repeat(120)); // long with accents
        texts.add("東京大学の研究者が新しい材料を発見した。".repeat(60)); // long CJK
        StringBuilder rare = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            rare.append("xylophonic").append(i).append("quasiperiodicity ");
        }
        texts.add(rare.toString()); // long, many word pieces per word
        texts.add("word ".repeat(509)); // exactly around the window limit
        texts.add("word ".repeat(510));
        texts.add("word ".repeat(511));
        return texts;
    }
}
