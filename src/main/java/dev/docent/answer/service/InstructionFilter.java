package dev.docent.answer.service;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises document text that speaks to the model instead of to the reader: injected instructions ("ignore
 * previous instructions", "reply only with ..."), fake system or chat-template turns, and links that would carry
 * data out when an answer is rendered (markdown images, URLs with a query string). Such text is never quoted by the
 * extractive answerer and never kept as (or as the support of) a claim of an LLM answer (docs/security.md, LLM01).
 *
 * <p>A heuristic, and only one layer: retrieved passages are also fenced off as untrusted data in the prompt, and
 * every LLM claim must be supported by, and relevant to, the passages it cites. The poisoned-document eval slice
 * ({@code eval/golden/poisoned.yaml}) measures what gets through.
 */
public final class InstructionFilter {
    private static final List<Pattern> PATTERNS = List.of(
            // override attempts
            Pattern.compile(
                    "\\b(ignore|disregard|forget|override|bypass)\\b[^.!?\\n]{0,40}\\b(instructions?|prompts?|directions|rules)\\b"),
            Pattern.compile("\\bnew (instructions?|rules|task)\\s*:"),
            Pattern.compile("\\byou are now\\b"),
            Pattern.compile(
                    "\\bwhen (you are |you're )?asked\\b[^.!?\\n]{0,60}\\b(say|answer|reply|respond|tell|claim|state)\\b"),
            Pattern.compile("\\b(tell|ask|instruct|urge) the (user|reader|human)\\b"),
            Pattern.compile(
                    "\\b(note|message|instructions?) (to|for) (the |any )?(ai|llm|ai assistants?|language models?|chat ?bots?)\\b"),
            Pattern.compile(
                    "\\b(ai|llm|chat ?bot|language model|ai assistant)s? (must|should|shall|has to|needs to)\\b"),
            Pattern.compile(
                    "\\b(reply|respond|answer|say|output|print)\\b[^.!?\\n]{0,30}\\b(only|exactly|verbatim)\\b"),
            Pattern.compile("\\b(reply|respond|answer) with (only|exactly|the words?|the phrase|\"|')"),
            Pattern.compile(
                    "\\b(do not|don't|never) (tell|inform|mention|reveal|show)\\b[^.!?\\n]{0,20}\\b(user|reader|human)\\b"),
            Pattern.compile(
                    "\\b(new system prompt|system override|(system|developer) (prompt|message|instructions?|notice)\\s*[:\\]])"),
            // chat templates and fake turns
            Pattern.compile("<\\|?(im_start|im_end|system|assistant|user|endoftext)\\|?>"),
            Pattern.compile("\\[/?(inst|sys)\\]|<</?sys>>"),
            Pattern.compile("(^|\\n)\\s*#{0,3}\\s*(system|assistant)\\s*:"),
            // exfiltration: rendered images fetch their URL; query strings carry data
            Pattern.compile("!\\[[^\\]]*\\]\\s*\\([^)]*\\)"),
            Pattern.compile("https?://[^\\s)\\]]+\\?[^\\s)\\]]*="));

    private InstructionFilter() {}

    /** Whether the text carries an instruction to a model or an exfiltration link. */
    public static boolean suspicious(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (Pattern p : PATTERNS) {
            if (p.matcher(lower).find()) {
                return true;
            }
        }
        return false;
    }
}
