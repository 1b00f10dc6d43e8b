"""Neo4j load throughput: policykg's batched UNWIND/MERGE load against a naive load that
writes one row per transaction.

``policykg bench neo4j-throughput [--documents 200] [--uri URI]`` builds the graph of a
generated corpus, loads it both ways into Neo4j (the bundled one unless --uri), and prints
rows (nodes + relationships) per second for each.
"""
from __future__ import annotations

import json
import os
import tempfile
import time


def run(documents: int = 200, uri: str | None = None, naive_rows: int = 3000) -> dict:
    from policykg.benchmarks.synthetic import write_corpus
    from policykg.graph.build import build_graph
    from policykg.graph.neo4j_store import Neo4jStore, _nodes_by_label, _rels_by_kind, statement
    from policykg.loaders.pipeline import load_corpus

    with tempfile.TemporaryDirectory(prefix="policykg-tp-") as folder:
        data = build_graph(load_corpus(write_corpus(folder, documents=documents, seed=5)))
    server = None
    if not uri:
        from policykg.graph import neo4j_server
        server = neo4j_server.start(data=tempfile.mkdtemp(prefix="policykg-tp-neo4j-"))
        uri = server.uri
    try:
        store = Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"))
        rows = len(data.nodes) + len(data.rels)
        store.ensure_schema()
        start = time.perf_counter()
        store.replace(data)
        batched = time.perf_counter() - start

        # naive: one MERGE per transaction, for the first `naive_rows` rows (it is slow), then extrapolate
        naive_gen = store.current_generation() + 1000     # a generation nobody reads, dropped after
        done = 0
        start = time.perf_counter()
        with store.driver.session() as session:
            for label, nodes in _nodes_by_label(data).items():
                cypher = statement("merge_node_one", label=label)
                for row in nodes:
                    if done >= naive_rows:
                        break
                    session.execute_write(lambda tx, r=row: tx.run(cypher, row=r, gen=naive_gen).consume())
                    done += 1
            for kind, rels in _rels_by_kind(data).items():
                cypher = statement("merge_relationship_one", rel=kind)
                for row in rels:
                    if done >= 2 * naive_rows:
                        break
                    session.execute_write(lambda tx, r=row: tx.run(cypher, row=r, gen=naive_gen).consume())
                    done += 1
        naive = time.perf_counter() - start
        store._drop(naive_gen)
        store.close()
    finally:
        if server:
            server.stop()
    return {"documents": documents, "rows": rows, "batched_seconds": round(batched, 2),
            "batched_rows_per_second": round(rows / batched), "naive_rows": done,
            "naive_seconds": round(naive, 2), "naive_rows_per_second": round(done / naive),
            "speedup": round((rows / batched) / (done / naive), 1)}


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="policykg bench neo4j-throughput")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--uri")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.documents, args.uri)
    print(json.dumps(result) if args.json else "\n".join(f"{k:<24} {v}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
