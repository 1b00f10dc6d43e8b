"""networkx twins of the named Cypher queries: same name, same parameters, same rows.

Each twin is a plain function ``f(view, **params)`` registered with ``@twin``.
:func:`check_twins` makes sure every catalogue query has one with the same
parameter names; the parity tests check that the rows are the same as Neo4j's.
"""
from __future__ import annotations

import inspect
from typing import Callable

from graph.errors import QueryError

TWINS: dict[str, Callable] = {}


def twin(name: str):
    def register(fn):
        TWINS[name] = fn
        return fn
    return register


def check_twins(catalog) -> None:
    for name, q in catalog.items():
        fn = TWINS.get(name)
        if fn is None:
            raise QueryError(f"{q.file}:{q.line}: query {name!r} has no networkx twin")
        params = [p for p in inspect.signature(fn).parameters if p != "view"]
        if set(params) != set(q.params):
            raise QueryError(f"{q.file}:{q.line}: twin of {name!r} takes {sorted(params)}, the Cypher uses {sorted(q.params)}")


def _pick(props: dict, *keys) -> dict:
    return {k: props.get(k) for k in keys}


@twin("jurisdictions")
def jurisdictions(view):
    rows = sorted(view.nodes("Jurisdiction"), key=lambda j: (j["level_rank"], j["id"]))
    return [_pick(j, "id", "name_zh", "name_en", "level", "parent", "name_status", "name_note") for j in rows]


@twin("jurisdiction")
def jurisdiction(view, id):
    j = view.node("Jurisdiction", id)
    return [{"jurisdiction": dict(j)}] if j else []


@twin("documents")
def documents(view):
    rows = sorted((d for d in view.nodes("Document") if d.get("in_corpus")), key=lambda d: d["id"])
    return [_pick(d, "id", "jurisdiction", "title", "doc_number", "date", "issued", "published",
                  "provision_count", "item_count") for d in rows]


@twin("document")
def document(view, id):
    d = view.node("Document", id)
    return [{"document": dict(d)}] if d else []


@twin("document_sections")
def document_sections(view, id):
    rows = sorted((s for s in view.nodes("Section") if s["document"] == id), key=lambda s: s["span"][0])
    return [_pick(s, "id", "number", "heading", "level", "parent", "span", "themes") for s in rows]


@twin("document_citations")
def document_citations(view, id):
    rows = []
    for rel in ("IMPLEMENTS", "MENTIONS"):
        for _, t, r in view.out("Document", id, rel):
            rows.append({"relation": rel.lower(), "target": t["id"], "title": t.get("title"),
                         "doc_number": t.get("doc_number"), "in_corpus": t.get("in_corpus"),
                         **_pick(r, "cited_title", "cited_doc_number", "evidence", "location", "span", "provision")})
    return sorted(rows, key=lambda r: r["span"][0])


def _provision_row(view, p: dict) -> dict:
    agencies = sorted(((r["ord"], {"name": a["name"], "type": a["type"], "role": r["role"]})
                       for _, a, r in view.into("Provision", p["id"], "RESPONSIBLE_FOR")), key=lambda x: x[0])
    row = _pick(p, "id", "document", "jurisdiction", "ordinal", "number", "heading", "text", "kind", "span",
                "section", "themes")
    row["agencies"] = [a for _, a in agencies]
    row.update(_pick(p, "deadline_text", "deadline_kind", "deadline_due", "deadline_recurrence",
                     "deadline_month", "deadline_ongoing"))
    return row


@twin("document_provisions")
def document_provisions(view, id):
    rows = sorted((p for p in view.nodes("Provision") if p["document"] == id), key=lambda p: p["ordinal"])
    return [_provision_row(view, p) for p in rows]


@twin("provision")
def provision(view, id):
    p = view.node("Provision", id)
    return [_provision_row(view, p)] if p else []


@twin("agencies")
def agencies(view, jurisdiction):
    rows = []
    for a in view.nodes("Agency"):
        if jurisdiction is not None and a["jurisdiction"] != jurisdiction:
            continue
        provs = sorted(((p["document"], p["ordinal"], {"id": p["id"], "document": p["document"],
                                                      "number": p["number"], "role": r["role"]})
                        for _, p, r in view.out("Agency", a["id"], "RESPONSIBLE_FOR")), key=lambda x: x[:2])
        if not provs:
            continue
        t = next((t for _, t, _ in view.out("Agency", a["id"], "OF_TYPE")), None)
        if t is None:
            continue
        rows.append({**_pick(a, "id", "name", "type"), "type_label": t["label_en"],
                     "jurisdiction": a["jurisdiction"], "provisions": [x[2] for x in provs]})
    return sorted(rows, key=lambda r: (r["jurisdiction"], r["name"]))


@twin("graph_counts")
def graph_counts(view):
    counts: dict[str, int] = {}
    for label, keys in view.by_label.items():
        counts[label] = len(keys)
    for _, _, k in view.G.edges(keys=True):
        counts[k] = counts.get(k, 0) + 1
    return [{"name": n, "count": c} for n, c in sorted(counts.items())]
