#!/usr/bin/env python3
"""p50/p95 of POST /v1/collections/{id}/search over HTTP, one request at a time, for an existing collection.

Usage: search_latency.py SERVER API_KEY COLLECTION_ID MODE QUERIES_JSONL [N]
  MODE: vector | keyword | hybrid; QUERIES_JSONL: BEIR queries (a "text" field per line); N: queries timed (200).
Sends top 10 without rerank after 20 warm-up queries and prints one line of figures (docs/retrieval.md).
"""
import json
import sys
import time
import urllib.request


def main():
    server, key, collection, mode, queries = sys.argv[1:6]
    n = int(sys.argv[6]) if len(sys.argv) > 6 else 200
    with open(queries, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()][:n]

    def search(q):
        body = json.dumps({"query": q, "topK": 10, "mode": mode, "rerank": False}).encode()
        req = urllib.request.Request(
            f"{server.rstrip('/')}/v1/collections/{collection}/search",
            data=body,
            headers={"Content-Type": "application/json", "Authorization": "Bearer " + key},
        )
        start = time.perf_counter()
        with urllib.request.urlopen(req) as resp:
            hits = len(json.load(resp)["hits"])
        return (time.perf_counter() - start) * 1000, hits

    for q in texts[:20]:
        search(q)
    timed = [search(q) for q in texts]
    ms = sorted(t for t, _ in timed)
    print(f"{mode} n={len(ms)} p50={ms[len(ms) // 2]:.1f} p95={ms[int(len(ms) * 0.95)]:.1f}"
          f" mean={sum(ms) / len(ms):.1f} min_hits={min(h for _, h in timed)}")


if __name__ == "__main__":
    main()
