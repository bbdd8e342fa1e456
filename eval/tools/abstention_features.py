#!/usr/bin/env python3
"""ROC AUC of lexical abstention signals on SQuAD 2.0 (answerable vs unanswerable), without the service.

Usage: abstention_features.py SQUAD_JSON
  SQUAD_JSON: a SQuAD 2.0 file, e.g. ../shared/datasets/squad2-dev-a/dev-v2.0-a.json

Evidence for a question is its own paragraph plus up to four neighbouring paragraphs of the same article (a
stand-in for the top-5 retrieved chunks: SQuAD's unanswerable questions are written against their paragraph, so
it is the one that confuses). Terms, stemming and IDF follow ExtractiveAnswerer (a port, for studying signals
before changing the Java); `support` is the answerer's own signal without the rank bonus. Prints one AUC per
signal: 0.5 is chance, 1.0 separates perfectly (docs/answers.md).
"""
import bisect
import json
import math
import re
import sys

STOPWORDS = set(
    "a about above after again against all am an and any are as at be because been before being below between "
    "both but by can could did do does doing done down during each either else few for from further had has have "
    "having he her here hers herself him himself his how however i if in into is it its itself just may me might "
    "more most must my myself neither no nor not of off on once only or other our ours ourselves out over own "
    "please same shall she should so some such tell than that the their theirs them themselves then there these "
    "they this those through to too under until up us very was we were what when where which while who whom "
    "whose why will with would you your yours yourself yourselves also there's what's it's let lets many much "
    "per via yes".split()
)
# words that frame a question ("what year", "the name of") and rarely occur in the answering sentence
FRAME_WORDS = "year name type kind called percent number date time people person place city country".split()


def _has_vowel(w, end):
    return any(c in "aeiouy" for c in w[:end])


def _undouble(w):
    return w[:-1] if len(w) > 3 and w[-1] == w[-2] and w[-1] in "bdfgmnprt" else w


def stem(w):
    if not w or not w[-1].isalpha():
        return w
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 4 and w.endswith(("sses", "xes", "zes", "ches", "shes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif len(w) > 4 and w.endswith("ing") and _has_vowel(w, len(w) - 3):
        w = _undouble(w[:-3])
    elif len(w) > 3 and w.endswith("ed") and not w.endswith("eed") and _has_vowel(w, len(w) - 2):
        w = _undouble(w[:-2])
    if len(w) >= 3 and w.endswith("e"):
        w = w[:-1]
    return w


def terms(text):
    out = []
    for word in re.findall(r"[^\W_]+(?:['\u2019][^\W\d_]+)*", text.lower()):
        word = re.split(r"['\u2019]", word)[0]
        if word in STOPWORDS or (len(word) < 2 and not word[0].isdigit()):
            continue
        s = stem(word)
        if s not in out:
            out.append(s)
    return out


def sentences(text):
    return [s for s in re.split(r'(?<=[.!?])\s+(?=[A-Z0-9"(])', text) if s.strip()]


FRAME = {stem(w) for w in FRAME_WORDS}


def signals(question, evidence):
    q = terms(question)
    if not q:
        return None
    cands = [(e, k, set(terms(s))) for e, text in enumerate(evidence) for k, s in enumerate(sentences(text))]
    n = len(cands)
    idf = {t: 1 + math.log((n + 1) / (sum(1 for c in cands if t in c[2]) + 1)) for t in q}
    total = sum(idf.values())
    everywhere = set().union(*(c[2] for c in cands))

    def coverage(s, qs):
        w = sum(idf[t] for t in qs)
        return sum(idf[t] for t in qs if t in s) / w if w else 0.0

    support = max(coverage(c[2], q) for c in cands)
    window = 0.0
    for e, k, s in cands:
        neighbours = set().union(*(c[2] for c in cands if c[0] == e and abs(c[1] - k) == 1))
        v = sum(idf[t] for t in q if t in s) + 0.5 * sum(idf[t] for t in q if t not in s and t in neighbours)
        window = max(window, v / total)
    absent = [t for t in q if t not in everywhere]
    content = [t for t in q if t not in FRAME] or q
    no_frame = max(coverage(c[2], content) for c in cands)
    return {
        "support": support,
        "support_with_neighbours": window,
        "present_share": 1 - sum(idf[t] for t in absent) / total,
        "support_halved_if_a_term_is_absent": support * (0.5 if absent else 1.0),
        "support_without_frame_words": no_frame,
        "without_frame_words_minus_absent": no_frame - 0.5 * any(t not in everywhere for t in content),
    }


def auc(rows, key):
    pos = [f[key] for impossible, f in rows if not impossible]
    neg = sorted(f[key] for impossible, f in rows if impossible)
    wins = sum(bisect.bisect_left(neg, x) + 0.5 * (bisect.bisect_right(neg, x) - bisect.bisect_left(neg, x)) for x in pos)
    return wins / len(pos) / len(neg)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)["data"]
    rows = []
    for article in data:
        contexts = [p["context"] for p in article["paragraphs"]]
        for i, paragraph in enumerate(article["paragraphs"]):
            evidence = [contexts[i]] + [contexts[j] for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(contexts)]
            for qa in paragraph["qas"]:
                s = signals(qa["question"], evidence)
                if s is not None:
                    rows.append((qa["is_impossible"], s))
    unanswerable = sum(1 for impossible, _ in rows if impossible)
    print(f"{len(rows)} questions, {unanswerable} unanswerable")
    figures = {key: round(auc(rows, key), 4) for key in rows[0][1]}
    for key, value in figures.items():
        print(f"{key:40s} AUC {value}")
    print(json.dumps({"questions": len(rows), "unanswerable": unanswerable, "auc": figures}))


if __name__ == "__main__":
    main()
