"""The whole load of N generated documents against the floor of tokenising the same text with jieba.

``policykg bench pipeline --documents N [--json]`` writes a synthetic corpus
(:mod:`benchmarks.synthetic`), then in a fresh process: read, clean, segment, extract, tag,
align and build the graph — and, separately, jieba's tokenisation of the same texts alone
(with the same domain dictionary), as the floor. Prints
``{documents, provisions, seconds, jieba_seconds, ratio, peak_rss_mb}``.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time


def measure(folder: str) -> dict:
    """Run in its own process, so that peak memory is this load's alone."""
    from policykg.graph.build import build_graph
    from policykg.loaders.pipeline import load_corpus
    from policykg.loaders.reading import read_source
    from policykg.loaders.tagging import default_tagger

    tagger = default_tagger()                       # dictionary built before timing, as a server would
    start = time.perf_counter()
    corpus = load_corpus(folder)
    data = build_graph(corpus)
    seconds = time.perf_counter() - start

    texts = [read_source(d.file).norm for d in corpus.documents]
    start = time.perf_counter()
    for text in texts:
        for _ in tagger.tokenizer.tokenize(text):
            pass
    jieba_seconds = time.perf_counter() - start
    return {"documents": len(corpus.documents), "provisions": sum(len(d.provisions) for d in corpus.documents),
            "nodes": len(data.nodes), "relationships": len(data.rels),
            "seconds": round(seconds, 2), "jieba_seconds": round(jieba_seconds, 2),
            "ratio": round(seconds / jieba_seconds, 2) if jieba_seconds else None,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            # parsing runs in forked workers when there are cores for it: their largest footprint
            "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


def run(documents: int, seed: int = 11) -> dict:
    from policykg.benchmarks.synthetic import write_corpus
    with tempfile.TemporaryDirectory(prefix="policykg-pipeline-") as folder:
        write_corpus(folder, documents=documents, seed=seed)
        out = subprocess.run([sys.executable, "-m", "policykg.benchmarks.pipeline", "--measure", folder],
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="policykg bench pipeline")
    parser.add_argument("--documents", type=int, nargs="+", default=[300])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    for n in args.documents:
        result = run(n)
        if args.json:
            print(json.dumps(result))
        else:
            print("  ".join(f"{k} {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
