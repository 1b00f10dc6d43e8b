"""How long loading the corpus into Neo4j takes: parse, build, first load (with schema), reloads.

``policykg bench neo4j-load [--uri bolt://…] [--repeat N]``. Without --uri (or NEO4J_URI)
the bundled Neo4j is started for the run and stopped after. Prints one line per figure,
or one JSON object with --json.
"""
from __future__ import annotations

import json
import os
import statistics
import tempfile
import time


def run(uri: str | None = None, repeat: int = 5) -> dict:
    from policykg.graph.build import build_graph
    from policykg.graph.neo4j_store import Neo4jStore
    from policykg.loaders.pipeline import load_corpus

    server = None
    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        from policykg.graph import neo4j_server
        server = neo4j_server.start(data=tempfile.mkdtemp(prefix="policykg-bench-"))
        uri = server.uri
    try:
        t0 = time.perf_counter()
        corpus = load_corpus()
        t1 = time.perf_counter()
        data = build_graph(corpus)
        t2 = time.perf_counter()
        store = Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"))
        store.replace(data)
        t3 = time.perf_counter()
        reloads = []
        for _ in range(repeat):
            a = time.perf_counter()
            store.replace(data)
            reloads.append(time.perf_counter() - a)
        counts = {r["name"]: r["count"] for r in store.query("graph_counts")}
        store.close()
    finally:
        if server:
            server.stop()
    rows = len(data.nodes) + len(data.rels)
    median = statistics.median(reloads)
    return {"documents": len(corpus.documents), "nodes": len(data.nodes), "relationships": len(data.rels),
            "parse_seconds": round(t1 - t0, 3), "build_seconds": round(t2 - t1, 3),
            "first_load_seconds": round(t3 - t2, 3), "reload_median_seconds": round(median, 3),
            "reload_rows_per_second": round(rows / median), "counts_match": counts.get("Provision") ==
            sum(1 for (label, _) in data.nodes if label == "Provision")}


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="policykg bench neo4j-load")
    parser.add_argument("--uri")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.uri, args.repeat)
    if args.json:
        print(json.dumps(result))
    else:
        for k, v in result.items():
            print(f"{k:<26} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
