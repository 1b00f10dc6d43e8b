"""API latency and throughput under concurrent load, on a generated corpus, per store.

``policykg bench api [--documents 3000] [--store networkx|neo4j|both] [--seconds 10] [--clients 8]``

Generates a corpus, starts ``policykg serve`` on a loopback port (for Neo4j: starts the
bundled Neo4j and loads the corpus into it first), then for each question — health,
adoption, compare, lineage — runs ``--clients`` concurrent clients for ``--seconds`` and
prints p50, p95 and requests per second, and the count of failed requests. Traffic goes
only to 127.0.0.1, and every loop is bounded in time.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

QUESTIONS = {
    "health": "/api/health",
    "adoption": "/api/adoption?q=技术调查官",
    "compare": "/api/compare?j=p0&j=c0",
    "lineage": "/api/lineage/doc00200",
}


def _wait(url: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code in (200, 503):
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f}s")


def hammer(url: str, seconds: float, clients: int) -> dict:
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        nonlocal failures
        with httpx.Client(timeout=30) as c:
            while time.monotonic() < stop:
                start = time.perf_counter()
                try:
                    ok = c.get(url).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    failures += 0 if ok else 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    ordered = sorted(latencies)
    return {"requests": len(ordered), "failed": failures,
            "p50_ms": round(statistics.median(ordered) * 1000, 1) if ordered else None,
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1) if ordered else None,
            "rps": round(len(ordered) / wall, 1)}


def run_store(store: str, corpus: Path, seconds: float, clients: int) -> dict:
    from graph import neo4j_server
    from graph.neo4j_server import free_port
    port = free_port()
    env = {**os.environ, "POLICYKG_PORT": str(port)}
    neo = None
    args = [sys.executable, "-m", "app.cli", "serve", "--corpus", str(corpus)]
    try:
        if store == "neo4j":
            neo = neo4j_server.start(data=tempfile.mkdtemp(prefix="policykg-bench-neo4j-"))
            load_started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "app.cli", "load", "--corpus", str(corpus), "--uri", neo.uri],
                           check=True, capture_output=True, env=env)
            load_seconds = round(time.perf_counter() - load_started, 1)
            args += ["--uri", neo.uri]
        server = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            started = time.perf_counter()
            _wait(f"http://127.0.0.1:{port}/api/health")
            out = {"store": store, "startup_seconds": round(time.perf_counter() - started, 1)}
            if neo:
                out["load_seconds"] = load_seconds
            for name, path in QUESTIONS.items():
                url = f"http://127.0.0.1:{port}{path}"
                httpx.get(url, timeout=120)          # warm caches (search index, query plans)
                out[name] = hammer(url, seconds, clients)
            return out
        finally:
            server.terminate()
            server.wait(30)
    finally:
        if neo:
            neo.stop()


def main(argv=None) -> int:
    import argparse
    from benchmarks.synthetic import write_corpus
    parser = argparse.ArgumentParser(prog="policykg bench api")
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--store", choices=["networkx", "neo4j", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    stores = ["networkx", "neo4j"] if args.store == "both" else [args.store]
    with tempfile.TemporaryDirectory(prefix="policykg-api-") as folder:
        write_corpus(folder, documents=args.documents, seed=11)
        for store in stores:
            result = {"documents": args.documents, "clients": args.clients, **run_store(store, Path(folder),
                                                                                        args.seconds, args.clients)}
            if args.json:
                print(json.dumps(result, ensure_ascii=False))
            else:
                print(f"{store}: {args.documents} documents, {args.clients} clients, start {result['startup_seconds']}s"
                      + (f", load {result['load_seconds']}s" if "load_seconds" in result else ""))
                for q in QUESTIONS:
                    r = result[q]
                    print(f"  {q:<9} p50 {r['p50_ms']:>8} ms  p95 {r['p95_ms']:>8} ms  {r['rps']:>7} req/s  "
                          f"{r['requests']} requests, {r['failed']} failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
