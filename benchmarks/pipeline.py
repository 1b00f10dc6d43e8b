"""The whole load of N generated documents against the floor of tokenising the same text with jieba.

``policykg bench pipeline --documents 300 1000 3000 [--repeat 3] [--json]`` writes a synthetic
corpus (:mod:`benchmarks.synthetic`), then in a fresh process per run: read, clean, segment,
extract, tag, align, build the graph and its full-text index (what a load does before it stores
anything; the graph cache is off) — and, as the floors, jieba's tokenisation of the same texts
alone with the same dictionary, on one core and on every core (the texts shared out among forked
processes, as the load shares out documents). Prints each run and the median with its spread:
``{documents, provisions, seconds, jieba_1core_seconds, jieba_cores_seconds, ratio_1core,
ratio_cores, peak_rss_mb, worker_peak_rss_mb}``.
"""
from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

_TEXTS: list[str] = []


def _tokenise(k: int) -> int:
    from policykg.loaders.tagging import default_tagger
    tokenizer = default_tagger().tokenizer
    n = 0
    for text in _TEXTS[k::_cores()]:
        for _ in tokenizer.tokenize(text):
            n += 1
    return n


def _cores() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def jieba_floor(texts: list[str], cores: int) -> float:
    """Seconds jieba takes to tokenise `texts` on `cores` forked processes (1: in this one)."""
    global _TEXTS
    from policykg.loaders.tagging import default_tagger
    tokenizer = default_tagger().tokenizer
    start = time.perf_counter()
    if cores == 1:
        for text in texts:
            for _ in tokenizer.tokenize(text):
                pass
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        _TEXTS = texts
        with ProcessPoolExecutor(cores, mp_context=multiprocessing.get_context("fork")) as pool:
            list(pool.map(_tokenise, range(cores)))
    return time.perf_counter() - start


def measure(folder: str) -> dict:
    """Run in its own process, so that peak memory is this load's alone."""
    os.environ["POLICYKG_GRAPH_CACHE"] = "0"
    from policykg.graph.nx_store import NetworkxStore
    from policykg.loaders.reading import read_source
    from policykg.loaders.tagging import default_tagger
    from policykg.service import PolicyService

    default_tagger()                     # dictionary built before timing, as a server would
    start = time.perf_counter()
    built = PolicyService(NetworkxStore()).build(folder)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    texts = [read_source(os.path.join(folder, d["id"] + ".txt")).norm for d in built.documents] \
        if all(os.path.exists(os.path.join(folder, d["id"] + ".txt")) for d in built.documents) else \
        [read_source(p).norm for p in sorted(__import__("pathlib").Path(folder).glob("*.txt"))]
    one = jieba_floor(texts, 1)
    cores = jieba_floor(texts, _cores())
    return {"documents": len(built.documents), "provisions": len(built.index_rows),
            "nodes": len(built.data.nodes), "relationships": len(built.data.rels),
            "seconds": round(seconds, 2), "jieba_1core_seconds": round(one, 2),
            "jieba_cores_seconds": round(cores, 2), "cores": _cores(),
            "ratio_1core": round(seconds / one, 2) if one else None,
            "ratio_cores": round(seconds / cores, 2) if cores else None,
            "peak_rss_mb": round(peak, 1),
            # parsing runs in forked workers when there are cores for it: their largest footprint
            "worker_peak_rss_mb": round(workers_peak, 1)}


def run(documents: int, seed: int = 11, repeat: int = 1) -> dict:
    from policykg.benchmarks.synthetic import write_corpus
    runs = []
    with tempfile.TemporaryDirectory(prefix="policykg-pipeline-") as folder:
        write_corpus(folder, documents=documents, seed=seed)
        for _ in range(repeat):
            out = subprocess.run([sys.executable, "-m", "policykg.benchmarks.pipeline", "--measure", folder],
                                 capture_output=True, text=True, check=True)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return summarise(runs)


def summarise(runs: list[dict]) -> dict:
    """The median of each timed figure over the runs, with its spread (max − min) and every run."""
    out = dict(runs[-1])
    for key in ("seconds", "jieba_1core_seconds", "jieba_cores_seconds", "ratio_1core", "ratio_cores",
                "peak_rss_mb", "worker_peak_rss_mb"):
        values = [r[key] for r in runs if r.get(key) is not None]
        if values:
            out[key] = round(statistics.median(values), 2)
            out[key + "_spread"] = round(max(values) - min(values), 2)
    out["runs"] = len(runs)
    out["each_run_seconds"] = [r["seconds"] for r in runs]
    return out


def main(argv=None) -> int:
    import argparse
    import platform
    parser = argparse.ArgumentParser(prog="policykg bench pipeline")
    parser.add_argument("--documents", type=int, nargs="+", default=[300])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (the median is printed)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    print(f"# {os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}",
          file=sys.stderr)
    for n in args.documents:
        result = run(n, repeat=args.repeat)
        if args.json:
            print(json.dumps(result))
        else:
            print("  ".join(f"{k} {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
