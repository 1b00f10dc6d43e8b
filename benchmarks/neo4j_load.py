"""How long loading into Neo4j takes: first load, quiet reloads, a reload under read traffic.

``policykg bench neo4j-load [--documents N] [--repeat 3] [--clients 8] [--uri bolt://…]``

Without ``--documents`` the bundled corpus; with it, a generated corpus of N documents. Without
--uri (or NEO4J_URI) the bundled Neo4j is started on an empty folder for the run and stopped after,
and its peak resident memory (VmHWM of the Java process) is printed. A reload writes a new
generation in bounded transactions and switches readers to it (see policykg.graph.neo4j_store);
during the reload under traffic, `--clients` threads ask named queries and every failure is counted.
"""
from __future__ import annotations

import json
import os
import statistics
import tempfile
import threading
import time


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in open(f"/proc/{pid}/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    except OSError:
        return None
    return None


def _traffic(store, stop: threading.Event, answered: list, failed: list) -> None:
    questions = [("documents", {}), ("coverage_matrix", {}), ("measures", {}),
                 ("adopters", {"measures": ["technical_investigators", "punitive_damages"]})]
    i = 0
    while not stop.is_set():
        name, params = questions[i % len(questions)]
        i += 1
        try:
            store.query(name, **params)
            answered.append(1)
        except Exception as exc:   # noqa: BLE001 - every failure is what the benchmark counts
            failed.append(f"{name}: {exc}")


def run(uri: str | None = None, repeat: int = 3, documents: int | None = None, clients: int = 8) -> dict:
    from policykg.graph.build import build_graph
    from policykg.graph.neo4j_store import Neo4jStore
    from policykg.loaders.pipeline import load_corpus

    server = None
    uri = uri or os.environ.get("NEO4J_URI")
    with tempfile.TemporaryDirectory(prefix="policykg-bench-corpus-") as folder:
        if documents:
            from policykg.benchmarks.synthetic import write_corpus
            write_corpus(folder, documents=documents, seed=11)
        t0 = time.perf_counter()
        corpus = load_corpus(folder if documents else None)
        data = build_graph(corpus)
        build = time.perf_counter() - t0
    if not uri:
        from policykg.graph import neo4j_server
        server = neo4j_server.start(data=tempfile.mkdtemp(prefix="policykg-bench-"))
        uri = server.uri
    try:
        store = Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"), timeout=60)
        t = time.perf_counter()
        store.replace(data)
        first = time.perf_counter() - t
        reloads = []
        for _ in range(repeat):
            t = time.perf_counter()
            store.replace(data)
            reloads.append(time.perf_counter() - t)
        stop, answered, failed = threading.Event(), [], []
        readers = [threading.Thread(target=_traffic, args=(store, stop, answered, failed)) for _ in range(clients)]
        for r in readers:
            r.start()
        time.sleep(1)
        t = time.perf_counter()
        store.replace(data)
        busy = time.perf_counter() - t
        stop.set()
        for r in readers:
            r.join()
        counts = {r["name"]: r["count"] for r in store.query("graph_counts")}
        store.close()
        peak = _peak_rss_mb(server.process.pid) if server else None
    finally:
        if server:
            server.stop()
    median = statistics.median(reloads)
    return {"documents": len(corpus.documents), "nodes": len(data.nodes), "relationships": len(data.rels),
            "parse_and_build_seconds": round(build, 1), "first_load_seconds": round(first, 1),
            "reloads_seconds": [round(r, 1) for r in reloads], "reload_median_seconds": round(median, 1),
            "reload_spread_seconds": round(max(reloads) - min(reloads), 1),
            "reload_over_first_load": round(median / first, 2),
            "reload_under_traffic_seconds": round(busy, 1), "under_traffic_over_quiet": round(busy / median, 2),
            "questions_answered_during_it": len(answered), "questions_failed": len(failed),
            "first_failures": failed[:3], "jvm_peak_rss_mb": peak,
            "counts_match": counts == data.counts()}


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="policykg bench neo4j-load")
    parser.add_argument("--uri")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--documents", type=int)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.uri, args.repeat, args.documents, args.clients)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for k, v in result.items():
            print(f"{k:<30} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
