package dev.docent.api;

/** Questions about ../shared/corpus/tika/pdf/testJournalParser.pdf (a paper on MEMS microrobots), page 1. */
final class FoundationQuestions {
    static final String PDF_SEARCH = "untethered scratch drive actuator and steering arm";
    static final String PDF_QUESTION = "What does a MicroStressBot consist of?";
    /** Stated on page 1: "...consists of an untethered scratch drive actuator (USDA)...". */
    static final String PDF_ANSWER_CONTAINS = "scratch drive actuator";

    private FoundationQuestions() {}
}
