"""Restart time of ``policykg serve`` on an unchanged corpus: cold, then from the graph cache.

``policykg bench restart [--documents 1000] [--warm 3]``

Generates a corpus, starts ``policykg serve`` on it with an empty graph cache (cold: parse,
tag, align, build), stops it, and starts it again ``--warm`` times (the graph comes from the
cache); each time until ``/api/health`` answers 200. Prints the seconds and the cache entry's size.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx


def _start(folder: str, cache: str) -> float:
    from policykg.graph.neo4j_server import free_port
    port = free_port()
    env = {**os.environ, "POLICYKG_PORT": str(port), "POLICYKG_GRAPH_CACHE_DIR": cache, "POLICYKG_GRAPH_CACHE": "1"}
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "policykg.cli", "serve", "--corpus", folder], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = began + 900
        while time.perf_counter() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("policykg serve exited before answering")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                    return time.perf_counter() - began
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("policykg serve did not answer within 900 s")
    finally:
        proc.terminate()
        proc.wait(30)


def main(argv: list[str] | None = None) -> int:
    from policykg.benchmarks.synthetic import write_corpus
    parser = argparse.ArgumentParser(prog="policykg bench restart")
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--warm", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="policykg-restart-") as folder, \
            tempfile.TemporaryDirectory(prefix="policykg-graph-cache-") as cache:
        write_corpus(folder, documents=args.documents, seed=11)
        cold = _start(folder, cache)
        warm = [_start(folder, cache) for _ in range(args.warm)]
        size = sum(p.stat().st_size for p in Path(cache).glob("*.pickle"))
    warm_sorted = sorted(warm)
    print(f"{args.documents} documents: cold start {cold:.1f} s; from the cache {', '.join(f'{w:.1f}' for w in warm)} s "
          f"(median {warm_sorted[len(warm) // 2]:.1f} s, spread {warm_sorted[-1] - warm_sorted[0]:.1f} s); "
          f"cache entry {size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
