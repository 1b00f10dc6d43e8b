"""A first load into an empty Neo4j with ``neo4j-admin database import``: the fastest way in.

``policykg load --bulk --data DIR`` (DIR: the data folder of the bundled Neo4j, as given to
``policykg neo4j start --data DIR``, with the server stopped) writes the graph as CSV files
(one per label and one per relationship kind, every node in generation 1), imports them with
Neo4j's own import tool (``org.neo4j.cli.AdminTool database import full``, from the same Maven
artifacts as the server), then starts the server on the folder once to create the constraints
and indexes (after the import, as Neo4j recommends), set what a CSV cannot carry (empty lists,
empty strings, a list string holding the array delimiter, a property of mixed types) and
switch readers to the generation, and stops it. The folder is then what
``policykg load --uri …`` would have written, tested query for query against the embedded store.

Only into an empty database: the import tool replaces a database whole, so a database that
holds a graph is refused (reload it with ``policykg load --uri …``, which writes a new generation
beside the current one and never loses it).
"""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable

from policykg.graph.data import GraphData
from policykg.graph.errors import PolicyKGError
from policykg.graph.export import _csv_type, csv_value
from policykg.loaders.search_terms import SCHEME as TERMS_SCHEME

GEN = 1
DELIMITER = "\x1f"          # the array delimiter: a control character no text of the corpus keeps
DATABASE = "neo4j"


class BulkImportError(PolicyKGError):
    """The bulk import could not be made (the folder is in use, holds a graph, or the tool failed)."""


def _column_type(values: list) -> str | None:
    """The CSV type of a property's values, or None when the CSV cannot carry them all alike."""
    sample = [v for v in values if v is not None]
    kinds = {type(v) for v in sample}
    if len(kinds) > 1 and not kinds <= {int, float}:
        return None
    typ = _csv_type(sample)
    if typ in ("long[]",) and not all(all(type(x) is int for x in v) for v in sample):
        return None
    if typ == "string[]" and not all(all(isinstance(x, str) for x in v) for v in sample):
        return None
    if typ == "double" and kinds != {float}:
        return None                                   # ints among floats would come back as floats
    return typ


def _carried(value, typ: str) -> bool:
    """Whether a value survives the CSV as itself (empty strings and lists come back as no value)."""
    if value is None:
        return True
    if value == "" or value == []:
        return False
    if typ == "string[]":
        return all(x != "" and DELIMITER not in x for x in value)
    if typ == "string":
        return DELIMITER not in value
    return True


def write_csv(data: GraphData, folder: Path, gen: int = GEN) -> tuple[list[Path], list[Path], dict, dict]:
    """The graph as import CSV files in `folder`, every node in generation `gen`. Returns the node
    files, the relationship files, and what the CSV cannot carry: ``{label: [{id, props}]}`` and
    ``{(type, src label, dst label): [{src, dst, props}]}``, to be set once imported."""
    folder.mkdir(parents=True, exist_ok=True)
    by_label: dict[str, list[dict]] = {}
    for (label, ident), props in data.nodes.items():
        if label == "Provision" and ident in data.search_terms:
            props = {**props, "search_terms": data.search_terms[ident]}      # bookkeeping (graph.data)
        by_label.setdefault(label, []).append(props)
    node_files, rel_files = [], []
    node_fixes: dict[str, list[dict]] = {}
    rel_fixes: dict[tuple[str, str, str], list[dict]] = {}
    for label, rows in sorted(by_label.items()):
        keys = sorted({k for r in rows for k in r} - {"id", "gen"})
        types = {k: _column_type([r.get(k) for r in rows]) for k in keys}
        columns = [k for k in keys if types[k] is not None]
        path = folder / f"nodes_{label}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([f"id:ID({label})", "gen:long"] + [f"{k}:{types[k]}" for k in columns] + [":LABEL"])
            for r in rows:
                w.writerow([r["id"], gen] + [csv_value(r.get(k), types[k], DELIMITER) if _carried(r.get(k), types[k]) else ""
                                             for k in columns] + [label])
                left = {k: v for k, v in r.items() if k not in ("id", "gen") and v is not None
                        and (types[k] is None or not _carried(v, types[k]))}
                if left:
                    node_fixes.setdefault(label, []).append({"id": r["id"], "props": left})
        node_files.append(path)
    by_kind: dict[tuple[str, str, str], list[tuple]] = {}
    for (rel_type, src, dst), props in data.rels.items():
        by_kind.setdefault((rel_type, src[0], dst[0]), []).append((src[1], dst[1], props))
    for kind, rows in sorted(by_kind.items()):
        rel_type, sl, dl = kind
        keys = sorted({k for _, _, p in rows for k in p})
        types = {k: _column_type([p.get(k) for _, _, p in rows]) for k in keys}
        columns = [k for k in keys if types[k] is not None]
        path = folder / f"rels_{rel_type}_{sl}_{dl}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow([f":START_ID({sl})", f":END_ID({dl})"] + [f"{k}:{types[k]}" for k in columns] + [":TYPE"])
            for s, d, p in rows:
                w.writerow([s, d] + [csv_value(p.get(k), types[k], DELIMITER) if _carried(p.get(k), types[k]) else ""
                                     for k in columns] + [rel_type])
                left = {k: v for k, v in p.items() if v is not None and (types[k] is None or not _carried(v, types[k]))}
                if left:
                    rel_fixes.setdefault(kind, []).append({"src": s, "dst": d, "props": left})
        rel_files.append(path)
    return node_files, rel_files, node_fixes, rel_fixes


def _database_folder(data_dir: Path) -> Path:
    """Where the bundled Neo4j keeps the store files of its database (see neo4j/Launcher.java)."""
    return data_dir / "data" / "databases" / DATABASE


def check_empty(data_dir: Path, shown: str) -> None:
    """Refuse a folder whose database holds anything, or one a running server holds."""
    from policykg.graph import neo4j_server
    if not data_dir.exists():
        return
    if (data_dir / "run" / "neo4j.pid").exists() or _locked(data_dir):
        raise BulkImportError(f"{shown}: a Neo4j server is running on this folder; stop it first "
                              "(--bulk imports with the server stopped)")
    if _database_folder(data_dir).exists() and any(_database_folder(data_dir).iterdir()):
        server = neo4j_server.start(data=data_dir)
        try:
            from policykg.graph.neo4j_store import Neo4jStore, statement
            store = Neo4jStore(server.uri)
            try:
                records, _, _ = store.driver.execute_query(statement("count_nodes"))
                nodes = records[0]["nodes"]
            finally:
                store.close()
        finally:
            server.stop()
        if nodes:
            raise BulkImportError(f"{shown}: the database holds {nodes:,} nodes; --bulk loads only an empty "
                                  "database (reload this one with `policykg load --uri …`, which keeps the graph "
                                  "until the new one is whole)")


def _locked(data_dir: Path) -> bool:
    """Whether a running Neo4j holds the folder's store lock."""
    import fcntl
    for lock in (data_dir / "data" / "databases" / "store_lock", _database_folder(data_dir) / "database_lock"):
        if not lock.exists():
            continue
        try:
            with open(lock, "r+b") as fh:
                try:
                    fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    return True
                fcntl.lockf(fh, fcntl.LOCK_UN)
        except OSError:
            return True
    return False


def run_import(data_dir: Path, nodes: list[Path], rels: list[Path], echo: Callable[[str], None] | None = None,
               report: Path | None = None) -> None:
    """Neo4j's import tool over the CSV files into the folder's (empty) database."""
    from policykg.graph.neo4j_server import classpath
    conf = Path(tempfile.mkdtemp(prefix="policykg-import-conf-"))
    try:
        (conf / "neo4j.conf").write_text(
            f"server.directories.data={data_dir / 'data'}\nserver.directories.logs={data_dir / 'logs'}\n"
            f"server.directories.run={data_dir / 'run'}\n", encoding="utf-8")
        heap = os.environ.get("POLICYKG_NEO4J_HEAP", "4g")
        cmd = ["java", f"-Xmx{heap}", "-cp", classpath(), "org.neo4j.cli.AdminTool", "database", "import", "full",
               DATABASE, "--overwrite-destination=true", f"--array-delimiter={DELIMITER}", "--multiline-fields=true",
               f"--report-file={report or conf / 'import.report'}", "--verbose", "--bad-tolerance=0", "--skip-bad-relationships=false", "--skip-duplicate-nodes=false",
               *[f"--nodes={p}" for p in nodes], *[f"--relationships={p}" for p in rels]]
        env = {**os.environ, "NEO4J_HOME": str(data_dir), "NEO4J_CONF": str(conf), "JAVA_TOOL_OPTIONS": ""}
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        if echo:
            for line in proc.stdout.splitlines():
                if line.startswith(("IMPORT", "Imported", "  ", "Peak")):
                    echo(line.rstrip())
        if proc.returncode != 0:
            tail = " | ".join(l.strip() for l in proc.stdout.strip().splitlines()[-6:])
            raise BulkImportError(f"neo4j-admin database import failed (status {proc.returncode}): {tail[-600:]}")
    finally:
        shutil.rmtree(conf, ignore_errors=True)


def finish(uri: str, node_fixes: dict, rel_fixes: dict, gen: int = GEN) -> None:
    """On the server over the imported folder: constraints and indexes (then wait until they are
    online), what the CSV could not carry, and readers switched to the generation."""
    from policykg.graph.neo4j_store import Neo4jStore, _batches, statement
    store = Neo4jStore(uri)
    try:
        store.ensure_schema()
        store.driver.execute_query(statement("await_indexes"))
        for label, rows in node_fixes.items():
            for batch in _batches(rows):
                store.driver.execute_query(statement("set_node_properties", label=label), rows=batch, gen=gen)
        for kind, rows in rel_fixes.items():
            for batch in _batches(rows):
                store.driver.execute_query(statement("set_relationship_properties", rel=kind), rows=batch, gen=gen)
        store.driver.execute_query(statement("switch_generation"), gen=gen, load=uuid.uuid4().hex,
                                    terms=TERMS_SCHEME)
    finally:
        store.close()


def preflight(data_dir: Path | str) -> None:
    """What a bulk load needs before anything is parsed: Java and Maven, and a folder whose
    database is empty and that no running server holds."""
    from policykg.graph import neo4j_server
    data_dir = Path(data_dir).resolve()
    missing = neo4j_server.missing_tools()
    if missing:
        raise BulkImportError(f"--bulk needs {', '.join(missing)} on PATH (Neo4j's import tool runs on Java)")
    check_empty(data_dir, data_dir.name)


def bulk_load(data: GraphData, data_dir: Path | str, echo: Callable[[str], None] | None = None) -> dict:
    """Import a whole graph into the empty database of a bundled-Neo4j data folder; returns
    ``{nodes, relationships, fixed_nodes, fixed_relationships}``."""
    from policykg.graph import neo4j_server
    data_dir = Path(data_dir).resolve()
    preflight(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="policykg-import-", dir=data_dir))
    try:
        nodes, rels, node_fixes, rel_fixes = write_csv(data, work)
        seconds["csv"], clock = time.perf_counter() - clock, time.perf_counter()
        run_import(data_dir, nodes, rels, echo, report=work / "import.report")
        seconds["import"], clock = time.perf_counter() - clock, time.perf_counter()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    server = neo4j_server.start(data=data_dir)
    seconds["server_start"], clock = time.perf_counter() - clock, time.perf_counter()
    try:
        finish(server.uri, node_fixes, rel_fixes)
        seconds["schema_and_switch"] = time.perf_counter() - clock
    finally:
        server.stop()
    return {"nodes": len(data.nodes), "relationships": len(data.rels),
            "fixed_nodes": sum(map(len, node_fixes.values())), "fixed_relationships": sum(map(len, rel_fixes.values())),
            "seconds": {k: round(v, 2) for k, v in seconds.items()}}
