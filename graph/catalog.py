"""The catalogue of named Cypher queries in ``queries/*.cypher``.

Each query starts with a header line ``// name: NAME``, then ``//`` lines that
say what it answers, then the Cypher. Parameters are the ``$names`` it uses.
Loading checks every file: a header without a name, a duplicate name, an empty
query, and a declared ``// params:`` list that differs from what is used are
errors that name the file and line.

``$gen`` is the one implicit parameter: the generation of the graph a reader sees. Neo4j
holds a new generation beside the current one while it loads (see :mod:`graph.neo4j_store`),
so every read query must restrict its patterns to ``gen: $gen``; the store supplies it, callers
never do, and a read query that does not use it is refused when the catalogue loads.

>>> cat = load_catalog()
>>> cat["documents"].params
()
>>> cat["document"].params
('id',)
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from policykg.graph.errors import QueryError
from policykg.graph.resources import package_dir

QUERY_DIR = package_dir("policykg.queries")
HEADER = re.compile(r"^//\s*name\s*:\s*(?P<name>\S*)\s*$")
PARAMS = re.compile(r"^//\s*params\s*:\s*(?P<params>.*)$")
PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
GEN = "gen"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    cypher: str
    doc: str
    params: tuple[str, ...]
    file: str
    line: int


def parse_catalog_text(text: str, file: str, generational: bool = False) -> list[NamedQuery]:
    """The queries of one file; with ``generational`` (read queries), each must use ``$gen``,
    which is left out of its ``params`` (the store supplies it)."""
    queries: list[NamedQuery] = []
    current: dict | None = None

    def finish():
        if current is None:
            return
        body = "\n".join(current["body"]).strip()
        if not body:
            raise QueryError(f"{file}:{current['line']}: query {current['name']!r} is empty")
        used = tuple(dict.fromkeys(PARAM_USE.findall(re.sub(r"//[^\n]*", "", body))))
        if generational:
            if GEN not in used:
                raise QueryError(f"{file}:{current['line']}: query {current['name']!r} does not restrict its "
                                 f"patterns to the current generation (gen: ${GEN})")
            used = tuple(u for u in used if u != GEN)
        declared = current["declared"]
        if declared is not None and set(declared) != set(used):
            raise QueryError(f"{file}:{current['line']}: query {current['name']!r} declares params "
                             f"{sorted(declared)} but uses {sorted(used)}")
        queries.append(NamedQuery(current["name"], body, " ".join(current["doc"]).strip(), used, file, current["line"]))

    for n, raw in enumerate(text.splitlines(), start=1):
        m = HEADER.match(raw.strip())
        if m:
            finish()
            if not m.group("name"):
                raise QueryError(f"{file}:{n}: '// name:' without a name")
            current = {"name": m.group("name"), "line": n, "doc": [], "body": [], "declared": None}
            continue
        if current is None:
            if raw.strip() and not raw.strip().startswith("//"):
                raise QueryError(f"{file}:{n}: Cypher before the first '// name:' header")
            continue
        p = PARAMS.match(raw.strip())
        if p and not current["body"]:
            current["declared"] = tuple(x.strip().lstrip("$") for x in p.group("params").split(",") if x.strip())
        elif raw.strip().startswith("//") and not current["body"]:
            current["doc"].append(raw.strip()[2:].strip())
        else:
            current["body"].append(raw)
    finish()
    return queries


@functools.cache
def load_statements(name: str) -> dict[str, NamedQuery]:
    """Administrative statements (schema, loading) from ``queries/admin/NAME.cypher``: not read
    queries, so they have no networkx twins. Some carry ``{label}``-style identifiers that the
    Neo4j store fills only from the schema allow-list."""
    path = QUERY_DIR / "admin" / f"{name}.cypher"
    return {q.name: q for q in parse_catalog_text(path.read_text(encoding="utf-8"), str(path))}


@functools.cache
def load_catalog(directory: Path = QUERY_DIR) -> dict[str, NamedQuery]:
    out: dict[str, NamedQuery] = {}
    files = sorted(Path(directory).glob("*.cypher"))
    if not files:
        raise QueryError(f"{directory}: no .cypher files")
    for f in files:
        for q in parse_catalog_text(f.read_text(encoding="utf-8"), str(f), generational=True):
            if q.name in out:
                first = out[q.name]
                raise QueryError(f"{q.file}:{q.line}: duplicate query name {q.name!r} (first at {first.file}:{first.line})")
            out[q.name] = q
    return out
