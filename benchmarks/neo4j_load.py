"""How long loading into Neo4j takes, by each path: a bulk import into an empty database, a first
load, quiet reloads, a reload under read traffic.

``policykg bench neo4j-load [--documents N] [--runs 3] [--repeat 3] [--clients 8] [--uri bolt://…]``

Each of ``--runs`` runs starts from empty databases (with ``--uri``, the same database: its
"first load" is then a reload), and the figures printed are the medians over the runs with
their spread (max − min). The bulk path (``policykg load --bulk``: neo4j-admin
database import, then constraints, indexes and the generation pointer on a started server) needs
the bundled Neo4j and is left out with --uri.

Without ``--documents`` the bundled corpus; with it, a generated corpus of N documents. Without
--uri (or NEO4J_URI) the bundled Neo4j is started on an empty folder for the run and stopped after,
and its peak resident memory (VmHWM of the Java process) is printed. A reload writes a new
generation in bounded transactions and switches readers to it (see policykg.graph.neo4j_store);
during the reload under traffic, `--clients` threads ask named queries and every failure is counted.
"""
from __future__ import annotations

import json
import os
import shutil
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


def traffic_questions(data) -> list[tuple[str, dict]]:
    """The named queries API requests run on Neo4j, with ids of this graph. The coverage matrix is
    not among them: the API computes it once per graph, not per request (the first runs of this
    benchmark at 3,000 documents asked it 8 at a time during the reload, and some exceeded the
    60 s timeout)."""
    docs = sorted(i for (label, i), p in data.nodes.items() if label == "Document" and p.get("in_corpus"))
    juris = sorted(i for label, i in data.nodes if label == "Jurisdiction")
    return [("documents", {}), ("measures", {}),
            ("adopters", {"measures": ["technical_investigators", "punitive_damages"]}),
            ("compare", {"jurisdictions": juris[1:3], "theme": None}),
            ("document_provisions", {"id": docs[len(docs) // 2]}),
            ("jurisdiction_agencies", {"jurisdiction": juris[2]})]


def _traffic(store, questions, stop: threading.Event, answered: list, failed: list) -> None:
    """Ask the questions in turn until stopped; `answered` gets each answer's seconds."""
    i = 0
    while not stop.is_set():
        name, params = questions[i % len(questions)]
        i += 1
        t = time.perf_counter()
        try:
            store.query(name, **params)
            answered.append(time.perf_counter() - t)
        except Exception as exc:   # noqa: BLE001 - every failure is what the benchmark counts
            failed.append(f"{name}: {exc}")


def one_run(data, uri: str | None, repeat: int, clients: int) -> dict:
    """One run from empty databases: bulk (bundled Neo4j only), first load, reloads, reload under traffic."""
    from policykg.graph.neo4j_store import Neo4jStore
    out: dict = {}
    if not uri:
        from policykg.graph import neo4j_server
        from policykg.graph.neo4j_bulk import bulk_load
        folder = tempfile.mkdtemp(prefix="policykg-bench-bulk-")
        t = time.perf_counter()
        phases = bulk_load(data, folder)["seconds"]
        out["bulk_seconds"] = time.perf_counter() - t
        out["bulk_import_tool_seconds"] = phases["csv"] + phases["import"]
        out["bulk_server_start_seconds"] = phases["server_start"]
        out["bulk_schema_seconds"] = phases["schema_and_switch"]
        shutil.rmtree(folder, ignore_errors=True)
    server = None
    if not uri:
        server = neo4j_server.start(data=tempfile.mkdtemp(prefix="policykg-bench-"))
        uri = server.uri
    try:
        store = Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"), timeout=60)
        t = time.perf_counter()
        store.replace(data)
        out["first_load_seconds"] = time.perf_counter() - t
        reloads = []
        for _ in range(repeat):
            t = time.perf_counter()
            store.replace(data)
            reloads.append(time.perf_counter() - t)
        out["reload_seconds"] = statistics.median(reloads)
        stop, answered, failed = threading.Event(), [], []
        asked = traffic_questions(data)
        readers = [threading.Thread(target=_traffic, args=(store, asked, stop, answered, failed))
                   for _ in range(clients)]
        for r in readers:
            r.start()
        time.sleep(1)
        t = time.perf_counter()
        store.replace(data)
        out["reload_under_traffic_seconds"] = time.perf_counter() - t
        stop.set()
        for r in readers:
            r.join()
        out["questions_answered_during_it"] = len(answered)
        ms = sorted(1000 * x for x in answered)
        out["question_p50_ms"] = round(ms[len(ms) // 2], 1) if ms else None
        out["question_p95_ms"] = round(ms[min(len(ms) - 1, int(0.95 * len(ms)))], 1) if ms else None
        out["questions_failed"] = len(failed)
        out["first_failures"] = failed[:3]
        out["counts_match"] = {r["name"]: r["count"] for r in store.query("graph_counts")} == data.counts()
        store.close()
        out["jvm_peak_rss_mb"] = _peak_rss_mb(server.process.pid) if server else None
    finally:
        if server:
            server.stop()
            shutil.rmtree(server.data, ignore_errors=True)
    out["reload_over_first_load"] = out["reload_seconds"] / out["first_load_seconds"]
    out["under_traffic_over_quiet"] = out["reload_under_traffic_seconds"] / out["reload_seconds"]
    return out


def run(uri: str | None = None, repeat: int = 3, documents: int | None = None, clients: int = 8,
        runs: int = 1) -> dict:
    from policykg.graph.nx_store import NetworkxStore
    from policykg.service import PolicyService

    uri = uri or os.environ.get("NEO4J_URI")
    with tempfile.TemporaryDirectory(prefix="policykg-bench-corpus-") as folder:
        if documents:
            from policykg.benchmarks.synthetic import write_corpus
            write_corpus(folder, documents=documents, seed=11)
        t0 = time.perf_counter()
        # what `policykg load` writes: the graph and each provision's search terms
        os.environ["POLICYKG_GRAPH_CACHE"] = "0"
        built = PolicyService(NetworkxStore()).build(folder if documents else None)
        data = built.with_search_terms()
        build = time.perf_counter() - t0
    each = [one_run(data, uri, repeat, clients) for _ in range(runs)]
    out = {"documents": len(built.documents), "nodes": len(data.nodes), "relationships": len(data.rels),
           "parse_and_build_seconds": round(build, 1), "runs": runs}
    for key in ("bulk_seconds", "bulk_import_tool_seconds", "bulk_server_start_seconds", "bulk_schema_seconds",
                "first_load_seconds", "reload_seconds", "reload_under_traffic_seconds",
                "reload_over_first_load", "under_traffic_over_quiet", "jvm_peak_rss_mb",
                "question_p50_ms", "question_p95_ms"):
        values = [r[key] for r in each if r.get(key) is not None]
        if values:
            out[key] = round(statistics.median(values), 2)
            out[key + "_spread"] = round(max(values) - min(values), 2)
            out[key + "_each"] = [round(v, 2) for v in values]
    from policykg.graph.neo4j_store import reads_while_loading
    out["reads_while_loading"] = reads_while_loading()
    out["questions_answered_during_reloads"] = sum(r["questions_answered_during_it"] for r in each)
    out["questions_failed"] = sum(r["questions_failed"] for r in each)
    out["first_failures"] = [f for r in each for f in r["first_failures"]][:3]
    out["counts_match"] = all(r["counts_match"] for r in each)
    return out


def main(argv=None) -> int:
    import argparse
    parser = argparse.ArgumentParser(prog="policykg bench neo4j-load")
    parser.add_argument("--uri")
    parser.add_argument("--repeat", type=int, default=3, help="quiet reloads per run (their median is the run's)")
    parser.add_argument("--runs", type=int, default=3, help="runs from empty databases (medians printed)")
    parser.add_argument("--documents", type=int)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.uri, args.repeat, args.documents, args.clients, args.runs)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for k, v in result.items():
            print(f"{k:<30} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
