#!/usr/bin/env python3
"""Independent re-scoring of a Docent run.trec against BEIR qrels (standard library only).

Written separately from the Java metrics (dev.docent.eval.metrics) so the two can be compared:
    python3 eval/tools/ndcg_crosscheck.py RUN.trec QRELS.tsv [--k 10]
Definitions follow trec_eval: graded gains rel (not 2^rel - 1), log2(rank + 1) discount, ideal DCG over all
judged relevant documents of the query, queries without relevant judgments skipped, ranking sorted by score
descending then docid descending (trec_eval's tie order), mean over queries present in the run.
"""
import argparse
import collections
import math


def read_qrels(path):
    qrels = collections.defaultdict(dict)
    with open(path, newline="") as f:
        for line in f:
            parts = line.strip().split("\t")
            if len(parts) < 3 or not parts[-1].lstrip("-").isdigit():
                continue  # header line ("query-id corpus-id score") or blank
            q, d, rel = parts[0], parts[-2], int(parts[-1])
            qrels[q][d] = rel
    return qrels


def read_run(path):
    run = collections.defaultdict(list)
    with open(path) as f:
        for line in f:
            q, _, d, _, score, _ = line.split()
            run[q].append((float(score), d))
    return run


def ndcg(ranked, judged, k):
    dcg = sum(judged.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:k]))
    ideal = sorted((r for r in judged.values() if r > 0), reverse=True)[:k]
    idcg = sum(r / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("qrels")
    ap.add_argument("--k", type=int, default=10)
    a = ap.parse_args()
    qrels, run = read_qrels(a.qrels), read_run(a.run)
    scores = []
    for q, entries in run.items():
        judged = qrels.get(q, {})
        if not any(r > 0 for r in judged.values()):
            continue
        by_docid = sorted(entries, key=lambda e: e[1], reverse=True)
        ranked = [d for _, d in sorted(by_docid, key=lambda e: -e[0])]  # stable: ties keep docid descending
        scores.append(ndcg(ranked, judged, a.k))
    print(f"queries {len(scores)}  ndcg@{a.k} {sum(scores) / len(scores):.4f}")


if __name__ == "__main__":
    main()
