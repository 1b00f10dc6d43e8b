"""Reused-text alignment time as the corpus grows: it must stay near-linear, not all-pairs.

``policykg bench alignment [--documents 100 200 400 800] [--json]`` generates synthetic corpora
(:mod:`benchmarks.synthetic`), parses them (not timed), and times :func:`loaders.reuse.find_reuse`
alone. Prints documents, provisions, candidate pairs, alignments, seconds, and seconds per
100 documents — flat when growth is linear.
"""
from __future__ import annotations

import json
import tempfile
import time


def run(sizes=(100, 200, 400, 800), seed: int = 7) -> list[dict]:
    from policykg.benchmarks.synthetic import write_corpus
    from policykg.loaders.pipeline import load_corpus
    from policykg.loaders.reuse import find_reuse
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="policykg-align-") as folder:
            corpus = load_corpus(write_corpus(folder, documents=n, seed=seed), tag=False)
            start = time.perf_counter()
            result = find_reuse(corpus)
            seconds = time.perf_counter() - start
        rows.append({"documents": n, "provisions": sum(len(d.provisions) for d in corpus.documents),
                     "candidates": result.candidates, "alignments": len(result.alignments),
                     "seconds": round(seconds, 3), "seconds_per_100_documents": round(seconds / n * 100, 3)})
    return rows


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="policykg bench alignment")
    parser.add_argument("--documents", type=int, nargs="+", default=[100, 200, 400, 800])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = run(args.documents)
    if args.json:
        print(json.dumps(rows))
        return 0
    print(f"{'documents':>9} {'provisions':>10} {'candidates':>10} {'alignments':>10} {'seconds':>8} {'s/100 docs':>10}")
    for r in rows:
        print(f"{r['documents']:>9} {r['provisions']:>10} {r['candidates']:>10} {r['alignments']:>10} "
              f"{r['seconds']:>8.2f} {r['seconds_per_100_documents']:>10.3f}")
    first, last = rows[0], rows[-1]
    growth = (last["seconds"] / first["seconds"]) / (last["documents"] / first["documents"])
    print(f"time grew {last['seconds'] / first['seconds']:.1f}× for {last['documents'] / first['documents']:.0f}× "
          f"the documents (1.0 = linear; all-pairs would be {(last['documents'] / first['documents']) ** 2:.0f}×): {growth:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
