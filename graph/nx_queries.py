"""networkx twins of the named Cypher queries: same name, same parameters, same rows.

Each twin is a plain function ``f(view, **params)`` registered with ``@twin``.
:func:`check_twins` makes sure every catalogue query has one with the same
parameter names; the parity tests check that the rows are the same as Neo4j's.
"""
from __future__ import annotations

import inspect
from typing import Callable

from policykg.graph.errors import QueryError

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


def nulls_last(value):
    """A sort key that orders as Cypher's ORDER BY does: null after every value.

    >>> sorted([3, None, 1], key=nulls_last)
    [1, 3, None]
    """
    return (value is None, 0 if value is None else value)


def _pick(props: dict, *keys) -> dict:
    return {k: props.get(k) for k in keys}


@twin("jurisdictions")
def jurisdictions(view):
    rows = sorted(view.nodes("Jurisdiction"), key=lambda j: (j["level_rank"], j["id"]))
    return [_pick(j, "id", "name_zh", "name_en", "level", "parent", "name_status", "name_note") for j in rows]


def _properties(props: dict) -> dict:
    """What Cypher's properties(n) returns: Neo4j stores no null properties."""
    return {k: v for k, v in props.items() if v is not None}


@twin("jurisdiction")
def jurisdiction(view, id):
    j = view.node("Jurisdiction", id)
    return [{"jurisdiction": _pick(j, "id", "name_zh", "name_en", "level", "parent", "name_status", "name_note",
                                   "level_rank")}] if j else []


@twin("documents")
def documents(view):
    rows = sorted((d for d in view.nodes("Document") if d.get("in_corpus")), key=lambda d: d["id"])
    return [_pick(d, "id", "jurisdiction", "title", "doc_number", "date", "issued", "published",
                  "provision_count", "item_count", "status", "set_aside_reason", "file") for d in rows]


@twin("document")
def document(view, id):
    d = view.node("Document", id)
    return [{"document": _properties(d)}] if d else []


@twin("document_sections")
def document_sections(view, id):
    rows = sorted(view.sections_by_document.get(id, ()), key=lambda s: s["span"][0])
    return [_pick(s, "id", "number", "heading", "level", "parent", "span", "themes") for s in rows]


@twin("document_citations")
def document_citations(view, id):
    rows = []
    for rel in ("IMPLEMENTS", "MENTIONS"):
        for _, t, r in view.out("Document", id, rel):
            rows.append({"relation": rel.lower(), "target": t["id"], "title": t.get("title"),
                         "doc_number": t.get("doc_number"), "in_corpus": t.get("in_corpus"),
                         **_pick(r, "cited_title", "cited_doc_number", "evidence", "location", "span", "provision")})
    return sorted(rows, key=lambda r: (nulls_last(r["span"][0] if r["span"] else None), r["relation"], r["target"]))


def _provision_row(view, p: dict) -> dict:
    agencies = sorted(((r["ord"], {"name": a["name"], "type": a["type"], "role": r["role"]})
                       for _, a, r in view.into("Provision", p["id"], "RESPONSIBLE_FOR")), key=lambda x: x[0])
    row = _pick(p, "id", "document", "jurisdiction", "ordinal", "number", "heading", "text", "kind", "span",
                "section", "themes")
    row["agencies"] = [a for _, a in agencies]
    row.update(_pick(p, "deadline_text", "deadline_kind", "deadline_due", "deadline_recurrence",
                     "deadline_month", "deadline_ongoing", "quantities_json", "frequencies_json"))
    return row


@twin("document_provisions")
def document_provisions(view, id):
    rows = sorted(view.provisions_by_document.get(id, ()), key=lambda p: p["ordinal"])
    return [_provision_row(view, p) for p in rows]


@twin("provision")
def provision(view, id):
    p = view.node("Provision", id)
    return [_provision_row(view, p)] if p else []


@twin("agencies")
def agencies(view):
    return _agencies(view, None)


@twin("jurisdiction_agencies")
def jurisdiction_agencies(view, jurisdiction):
    return _agencies(view, jurisdiction)


def _agencies(view, jurisdiction):
    rows = []
    candidates = (view.nodes("Agency") if jurisdiction is None
                  else (a for _, a, _ in view.into("Jurisdiction", jurisdiction, "BELONGS_TO")))
    for a in candidates:
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


@twin("graph_nodes")
def graph_nodes(view):
    rows = [{"label": key[0], "id": key[1], "properties": _properties(view.G.nodes[key])}
            for keys in view.by_label.values() for key in keys]
    return sorted(rows, key=lambda r: (r["label"], r["id"]))


@twin("graph_relationships")
def graph_relationships(view):
    rows = [{"type": k, "src_label": a[0], "src": a[1], "dst_label": b[0], "dst": b[1], "properties": _properties(props)}
            for a, b, k, props in view.G.edges(keys=True, data=True)]
    return sorted(rows, key=lambda r: (r["type"], r["src_label"], r["src"], r["dst_label"], r["dst"]))


# measures ---------------------------------------------------------------------------

def _adoptions(view):
    """(provision, measure, edge props) for every ADOPTS edge."""
    for p in view.nodes("Provision"):
        for _, m, a in view.out("Provision", p["id"], "ADOPTS"):
            yield p, m, a


@twin("measures")
def measures(view):
    adopters: dict[str, set] = {}
    provisions: dict[str, int] = {}
    for p, m, _ in _adoptions(view):
        adopters.setdefault(m["id"], set()).add(p["jurisdiction"])
        provisions[m["id"]] = provisions.get(m["id"], 0) + 1
    rows = [{**_pick(m, "id", "label_zh", "label_en", "definition", "themes"),
             "adopter_count": len(adopters.get(m["id"], ())), "provision_count": provisions.get(m["id"], 0)}
            for m in view.nodes("Measure")]
    return sorted(rows, key=lambda r: r["id"])


@twin("measure")
def measure(view, id):
    m = view.node("Measure", id)
    return [_pick(m, "id", "label_zh", "label_en", "definition", "themes")] if m else []


def _adoptions_of(view, measure_ids):
    for mid in measure_ids:
        m = view.node("Measure", mid)
        if m is not None:
            for _, p, a in view.into("Measure", mid, "ADOPTS"):
                yield p, m, a


def _adoptions_in(view, jurisdictions):
    for jid in jurisdictions:
        for p in view.provisions_by_jurisdiction.get(jid, ()):
            for _, m, a in view.out("Provision", p["id"], "ADOPTS"):
                yield p, m, a


@twin("adopters")
def adopters(view, measures):
    rows = []
    for p, m, a in _adoptions_of(view, dict.fromkeys(measures or ())):
        j = view.node("Jurisdiction", p["jurisdiction"])
        rows.append({"measure": m["id"], "jurisdiction": j["id"], "name_zh": j["name_zh"], "name_en": j["name_en"],
                     "name_status": j["name_status"], "level_rank": j["level_rank"],
                     **_pick(p, "id", "document", "ordinal", "number", "heading", "text", "span"),
                     "matched": a["matched"], "match_span": a["span"]})
    return sorted(rows, key=lambda r: (r["level_rank"], r["jurisdiction"], r["document"], r["ordinal"], r["measure"]))


def _grouped(rows, key, collect):
    out: dict = {}
    for r in rows:
        out.setdefault(key(r), []).append(collect(r))
    return out


@twin("jurisdiction_measures")
def jurisdiction_measures(view, jurisdiction):
    hits = sorted(_adoptions_in(view, [jurisdiction]), key=lambda x: (x[0]["document"], x[0]["ordinal"]))
    groups = _grouped(hits, lambda x: x[1]["id"], lambda x: {
        "id": x[0]["id"], "document": x[0]["document"], "number": x[0]["number"], "text": x[0]["text"],
        "matched": x[2]["matched"], "span": x[2]["span"]})
    return [{**_pick(view.node("Measure", mid), "id", "label_zh", "label_en", "themes"), "provisions": provs}
            for mid, provs in sorted(groups.items())]


@twin("compare")
def compare(view, jurisdictions, theme):
    hits = sorted(((p, m, a) for p, m, a in _adoptions_in(view, dict.fromkeys(jurisdictions or ()))
                   if theme is None or theme in m["themes"]),
                  key=lambda x: (x[0]["document"], x[0]["ordinal"]))
    groups = _grouped(hits, lambda x: (x[1]["id"], x[0]["jurisdiction"]), lambda x: {
        "id": x[0]["id"], "document": x[0]["document"], "number": x[0]["number"], "heading": x[0]["heading"],
        "text": x[0]["text"], "matched": x[2]["matched"], "span": x[2]["span"], "strength": x[2].get("strength"),
        "agencies": [a for _, a in sorted(((r["ord"], {"name": a["name"], "type": a["type"], "role": r["role"]})
                                           for _, a, r in view.into("Provision", x[0]["id"], "RESPONSIBLE_FOR")),
                                          key=lambda y: y[0])],
        **_pick(x[0], "deadline_kind", "deadline_due", "deadline_text", "quantities_json", "frequencies_json")})
    rows = []
    for (mid, jid), provs in sorted(groups.items()):
        m = view.node("Measure", mid)
        rows.append({"measure": mid, **_pick(m, "label_zh", "label_en", "themes"), "jurisdiction": jid,
                     "provisions": provs})
    return rows


@twin("coverage_matrix")
def coverage_matrix(view):
    counts: dict[tuple[str, str], int] = {}
    for p, m, _ in _adoptions(view):
        counts[(m["id"], p["jurisdiction"])] = counts.get((m["id"], p["jurisdiction"]), 0) + 1
    return [{"measure": mid, "jurisdiction": jid, "count": n} for (mid, jid), n in sorted(counts.items())]


@twin("measure_agencies")
def measure_agencies(view, measure, theme):
    hits = []
    for ag in view.nodes("Agency"):
        for _, p, r in view.out("Agency", ag["id"], "RESPONSIBLE_FOR"):
            if theme is not None and theme not in (p.get("themes") or []):
                continue
            if measure is not None and not any(m["id"] == measure for _, m, _ in view.out("Provision", p["id"], "ADOPTS")):
                continue
            hits.append((ag, p, r))
    hits.sort(key=lambda x: (x[1]["document"], x[1]["ordinal"]))
    groups = _grouped(hits, lambda x: (x[0]["jurisdiction"], x[0]["name"]),
                      lambda x: {"id": x[1]["id"], "number": x[1]["number"], "role": x[2]["role"]})
    rows = []
    for (jid, name), provs in sorted(groups.items()):
        ag = view.node("Agency", f"{jid}:{name}")
        rows.append({"jurisdiction": jid, "agency": name, "type": ag["type"], "provisions": provs})
    return rows


@twin("similar_provisions")
def similar_provisions(view, id):
    p = view.node("Provision", id)
    if p is None:
        return []
    own = {m["id"] for _, m, _ in view.out("Provision", id, "ADOPTS")}
    rows = []
    for q in view.nodes("Provision"):
        if q["jurisdiction"] == p["jurisdiction"]:
            continue
        theirs = {m["id"] for _, m, _ in view.out("Provision", q["id"], "ADOPTS")}
        shared = own & theirs
        if not shared:
            continue
        rows.append({**_pick(q, "id", "document", "jurisdiction", "number", "heading", "text", "span"),
                     "shared_measures": sorted(shared),
                     "score": float(len(shared)) / (len(own) + len(theirs) - len(shared))})
    return sorted(rows, key=lambda r: (-r["score"], r["id"]))


@twin("all_provisions")
def all_provisions(view):
    rows = sorted(view.nodes("Provision"), key=lambda p: (p["document"], p["ordinal"]))
    return [_pick(p, "id", "document", "jurisdiction", "number", "heading", "text", "kind", "span") for p in rows]


# lineage ------------------------------------------------------------------------------

LINEAGE_TYPES = ("IMPLEMENTS", "DERIVED_FROM")
MAX_DEPTH = 8


def _lineage(view, start: str, upward: bool) -> list[dict]:
    """Every path (no document twice) of IMPLEMENTS|DERIVED_FROM steps between documents."""
    rows = []

    def steps(doc_id):
        for rel in LINEAGE_TYPES:
            edges = view.out("Document", doc_id, rel) if upward else view.into("Document", doc_id, rel)
            for key, other, props in edges:
                if key[0] == "Document":
                    yield rel, other, props, (doc_id, key[1], rel) if upward else (key[1], doc_id, rel)

    def walk(doc_id, path, used):
        if len(path) > MAX_DEPTH:
            return
        for rel, other, props, edge in steps(doc_id):
            if edge in used or other["id"] in path:
                continue
            new_path = path + [other["id"]]
            rows.append({"id": other["id"], "title": other.get("title"), "doc_number": other.get("doc_number"),
                         "issuer": other.get("issuer"), "level": other.get("level"),
                         "jurisdiction": other.get("jurisdiction"), "in_corpus": other.get("in_corpus"),
                         "relation": "implements" if rel == "IMPLEMENTS" else "derived",
                         "depth": len(new_path) - 1, "path": new_path, "evidence": props.get("evidence")})
            if len(new_path) - 1 < MAX_DEPTH:
                walk(other["id"], new_path, used | {edge})

    if view.node("Document", start) is not None:
        walk(start, [start], frozenset())
    return sorted(rows, key=lambda r: (r["depth"], r["id"], r["path"], r["relation"]))


@twin("lineage_ancestors")
def lineage_ancestors(view, id):
    return _lineage(view, id, upward=True)


@twin("lineage_descendants")
def lineage_descendants(view, id):
    return _lineage(view, id, upward=False)


def _derived(view, pid, upward):
    edges = view.out("Provision", pid, "DERIVED_FROM") if upward else view.into("Provision", pid, "DERIVED_FROM")
    rows = [{**_pick(q, "id", "document", "jurisdiction", "number", "text"),
             **_pick(r, "score", "aligned_chars", "passages", "source_spans", "target_spans")}
            for _, q, r in edges]
    return sorted(rows, key=lambda r: (-r["score"], r["id"]))


@twin("provision_derived_from")
def provision_derived_from(view, id):
    return _derived(view, id, True)


@twin("provision_derived_into")
def provision_derived_into(view, id):
    return _derived(view, id, False)


@twin("jurisdiction_documents")
def jurisdiction_documents(view, jurisdiction):
    rows = [d for d in view.nodes("Document") if d.get("in_corpus") and
            any(j["id"] == jurisdiction for _, j, _ in view.out("Document", d["id"], "ISSUED_IN"))]
    return [_pick(d, "id", "title", "doc_number") for d in sorted(rows, key=lambda d: d["id"])]


@twin("document_reuse")
def document_reuse(view, id):
    rows = []
    for p in view.provisions_by_document.get(id, ()):
        for _, q, r in view.out("Provision", p["id"], "DERIVED_FROM"):
            rows.append({"provision": p["id"], "number": p["number"], "text": p["text"], "span": p["span"],
                         "source": q["id"], "source_document": q["document"], "source_number": q["number"],
                         "source_text": q["text"], "source_span": q["span"], "score": r["score"],
                         "passages": r["passages"], "provision_spans": r["source_spans"],
                         "source_spans": r["target_spans"], "provision_ranges": r["source_ranges"],
                         "source_ranges": r["target_ranges"], "_ord": p["ordinal"]})
    rows.sort(key=lambda r: (r["_ord"], -r["score"], r["source"]))
    for r in rows:
        del r["_ord"]
    return rows


@twin("responsibilities")
def responsibilities(view, measure, theme, jurisdiction, agency_type, role, due_before):
    rows = []
    for ag in view.nodes("Agency"):
        if agency_type is not None and ag["type"] != agency_type:
            continue
        for _, p, r in view.out("Agency", ag["id"], "RESPONSIBLE_FOR"):
            if ((jurisdiction is not None and p["jurisdiction"] != jurisdiction)
                    or (role is not None and r["role"] != role)
                    or (theme is not None and theme not in (p.get("themes") or []))
                    or (due_before is not None and not (p.get("deadline_due") is not None
                                                        and p["deadline_due"] <= due_before))):
                continue
            measures = [m for _, m, _ in view.out("Provision", p["id"], "ADOPTS")] or [None]
            j, d = view.node("Jurisdiction", p["jurisdiction"]), view.node("Document", p["document"])
            for m in measures:
                if measure is not None and (m is None or m["id"] != measure):
                    continue
                row = {"jurisdiction": p["jurisdiction"], "jurisdiction_name": j["name_zh"], "level": j["level"],
                       "document": p["document"], "document_title": d["title"], "doc_number": d.get("doc_number"),
                       "provision": p["id"], "ordinal": p["ordinal"], "number": p["number"],
                       "heading": p["heading"], "text": p["text"], "span": p["span"],
                       "measure": m and m["id"], "measure_label_zh": m and m["label_zh"],
                       "measure_label_en": m and m["label_en"],
                       "agency": ag["name"], "agency_type": ag["type"], "role": r["role"]}
                row.update(_pick(p, "deadline_text", "deadline_kind", "deadline_due", "deadline_recurrence",
                                 "deadline_month", "deadline_ongoing"))
                rows.append((j["level_rank"], p["jurisdiction"], p["document"], p["ordinal"],
                             nulls_last(row["measure"]), r["ord"], row))
    rows.sort(key=lambda x: x[:6])
    return [x[-1] for x in rows]


@twin("document_measures")
def document_measures(view, id):
    hits = sorted(((p, m, a) for p in view.provisions_by_document.get(id, ())
                   for _, m, a in view.out("Provision", p["id"], "ADOPTS")), key=lambda x: x[0]["ordinal"])
    groups = _grouped(hits, lambda x: x[1]["id"], lambda x: {"id": x[0]["id"], "number": x[0]["number"],
                                                             "matched": x[2]["matched"], "span": x[2]["span"]})
    return [{"id": mid, **_pick(view.node("Measure", mid), "label_zh", "label_en", "themes"), "provisions": provs}
            for mid, provs in sorted(groups.items())]


@twin("measure_timeline")
def measure_timeline(view, id):
    if view.node("Measure", id) is None:
        return []
    by_doc: dict[str, list] = {}
    for _, p, _ in view.into("Measure", id, "ADOPTS"):
        by_doc.setdefault(p["document"], []).append(p)
    rows = []
    for did, provs in by_doc.items():
        d = view.node("Document", did)
        j = view.node("Jurisdiction", provs[0]["jurisdiction"])
        rows.append({"jurisdiction": j["id"], **_pick(j, "name_zh", "name_en", "level", "level_rank"),
                     "document": did, **_pick(d, "title", "doc_number", "issued", "published", "date"),
                     "provisions": [{"id": p["id"], "number": p["number"]}
                                    for p in sorted(provs, key=lambda p: p["ordinal"])]})
    return sorted(rows, key=lambda r: (nulls_last(r["date"]), r["level_rank"], r["jurisdiction"], r["document"]))
