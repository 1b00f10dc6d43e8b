"""Build the graph from a parsed corpus.

Nodes: Jurisdiction, Document (corpus documents and the documents they cite),
Section, Provision, Theme, Agency, AgencyType. Ids are derived from the corpus
(jurisdiction ids, document ids from the manifest, ordinals within a document,
agency names within a jurisdiction), so loading twice gives the same graph.

Cited documents are resolved by :mod:`graph.resolve`: to a corpus document when the cited
title (or an alias) or 文号 matches one; otherwise to a Document with ``in_corpus = false``,
one per 文号 or, without one, per normalised title, described by what its 文号 and title say.
"""
from __future__ import annotations

import json
from typing import Callable

from policykg.graph.data import GraphData
from policykg.loaders.agencies import agency_types
from policykg.graph.resolve import CitationResolver
from policykg.loaders.citations import title_key
from policykg.loaders.codebook import load_codebook
from policykg.loaders.pipeline import Corpus
from policykg.loaders.reuse import PendingReuse
from policykg.loaders.themes import themes

LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "district": 3}


def agency_id(jurisdiction: str, name: str) -> str:
    return f"{jurisdiction}:{name}"


def build_graph(corpus: Corpus, meanwhile: Callable[[GraphData], None] | None = None) -> GraphData:
    """The graph of a parsed corpus. Reused text is found in a forked process meanwhile
    (:class:`~policykg.loaders.reuse.PendingReuse`); `meanwhile(g)`, when given, runs while it is,
    on the graph built so far (everything but reuse and the chains of titles)."""
    pending = PendingReuse(corpus)
    try:
        g = _build(corpus, pending, meanwhile)
    finally:
        pending.close()
    return g


def _build(corpus: Corpus, pending: PendingReuse, meanwhile) -> GraphData:
    g = GraphData()
    for j in corpus.jurisdictions.values():
        g.add_node("Jurisdiction", {"id": j.id, "name_zh": j.name_zh, "name_en": j.name_en, "level": j.level,
                                    "level_rank": LEVEL_RANK[j.level], "parent": j.parent,
                                    "name_status": j.name_status, "name_note": j.name_note})
    for j in corpus.jurisdictions.values():
        if j.parent:
            g.add_rel("PART_OF", ("Jurisdiction", j.id), ("Jurisdiction", j.parent))
    for t in themes():
        g.add_node("Theme", {"id": t["id"], "label_zh": t["label_zh"], "label_en": t["label_en"]})
    for m in load_codebook().measures:
        g.add_node("Measure", {"id": m.id, "label_zh": m.label_zh, "label_en": m.label_en,
                               "definition": m.definition, "themes": list(m.themes)})
        for t in m.themes:
            g.add_rel("HAS_THEME", ("Measure", m.id), ("Theme", t))
    for t in agency_types():
        g.add_node("AgencyType", {"id": t["id"], "label_zh": t["label_zh"], "label_en": t["label_en"]})

    resolver = CitationResolver(corpus)

    for d in corpus.documents:
        items = [p for p in d.provisions if p.kind == "item"]
        spam = frozenset(r.text.strip() for r in d.removals if r.step == "spam")
        g.add_node("Document", {
            "id": d.id, "title": d.title, "title_key": title_key(d.title), "aliases": d.aliases,
            "level": corpus.jurisdictions[d.jurisdiction].level,
            "doc_number": d.doc_number, "jurisdiction": d.jurisdiction, "issuer": d.issuer,
            "issuer_note": d.issuer_note, "issued": d.issued, "published": d.published, "date": d.date,
            "publisher": d.publisher, "in_corpus": True, "status": "loaded", "set_aside_reason": None,
            "file": d.file.rsplit("/", 1)[-1],
            "encoding": d.encoding, "traditional": d.traditional, "title_source": d.title_source,
            "provision_count": len(d.provisions), "item_count": len(items),
            "noise_json": json.dumps([r.as_dict(spam) for r in d.removals], ensure_ascii=False),
            "front_json": json.dumps(d.front, ensure_ascii=False),
            "closing_json": json.dumps(d.closing, ensure_ascii=False),
            "warnings": d.warnings})
        g.add_rel("ISSUED_IN", ("Document", d.id), ("Jurisdiction", d.jurisdiction))
        for s in d.sections:
            g.add_node("Section", {"id": s.id, "document": d.id, "number": s.number, "heading": s.heading,
                                   "level": s.level, "parent": s.parent, "span": list(s.span),
                                   "themes": s.themes})
            g.add_rel("HAS_SECTION", ("Section", s.parent) if s.parent else ("Document", d.id), ("Section", s.id))
            for t in s.themes:
                g.add_rel("HAS_THEME", ("Section", s.id), ("Theme", t))
        for p in d.provisions:
            dl = p.deadline or {}
            g.add_node("Provision", {
                "id": p.id, "document": d.id, "jurisdiction": d.jurisdiction, "ordinal": p.ordinal,
                "number": p.number, "heading": p.heading, "text": p.text, "kind": p.kind,
                "span": list(p.span), "section": p.section, "themes": p.themes,
                "deadline_text": dl.get("text"), "deadline_kind": dl.get("kind"), "deadline_due": dl.get("due"),
                "deadline_recurrence": dl.get("recurrence"), "deadline_month": dl.get("month"),
                "deadline_ongoing": dl.get("ongoing"),
                # lists of maps, which a Neo4j property cannot hold: JSON, as the document's noise
                "quantities_json": json.dumps(p.quantities, ensure_ascii=False) if p.quantities else None,
                "frequencies_json": json.dumps(p.frequencies, ensure_ascii=False) if p.frequencies else None})
            g.add_rel("HAS_PROVISION", ("Document", d.id), ("Provision", p.id))
            if p.section:
                g.add_rel("HAS_PROVISION", ("Section", p.section), ("Provision", p.id))
            for t in p.themes:
                g.add_rel("HAS_THEME", ("Provision", p.id), ("Theme", t))
            for n, m in enumerate(p.measures):
                g.add_rel("ADOPTS", ("Provision", p.id), ("Measure", m["measure"]),
                          {"matched": m["matched"], "span": m["span"], "ord": n, "strength": m.get("strength")})
            for n, a in enumerate(p.agencies):
                aid = agency_id(d.jurisdiction, a["name"])
                g.add_node("Agency", {"id": aid, "name": a["name"], "jurisdiction": d.jurisdiction, "type": a["type"]})
                g.add_rel("OF_TYPE", ("Agency", aid), ("AgencyType", a["type"]))
                g.add_rel("BELONGS_TO", ("Agency", aid), ("Jurisdiction", d.jurisdiction))
                g.add_rel("RESPONSIBLE_FOR", ("Agency", aid), ("Provision", p.id), {"role": a["role"], "ord": n})
        for c in d.citations:
            target = resolver.resolve(c.title, c.doc_number, d.jurisdiction)
            if target is None or target == d.id:
                continue
            rel = "IMPLEMENTS" if c.relation == "implements" else "MENTIONS"
            g.add_rel(rel, ("Document", d.id), ("Document", target), {
                "evidence": c.evidence, "location": c.where, "span": list(c.span),
                "cited_title": c.title, "cited_doc_number": c.doc_number,
                "provision": f"{d.id}.p{c.provision}" if c.provision else None})
    for a in corpus.set_aside:
        # listed by the manifest but unusable: a node that says why, with nothing under it
        g.add_node("Document", {
            "id": a.id, "title": a.title or a.file.rsplit("/", 1)[-1], "title_key": None, "aliases": [],
            "level": corpus.jurisdictions[a.jurisdiction].level, "doc_number": None, "jurisdiction": a.jurisdiction,
            "issuer": [], "in_corpus": True, "status": "set_aside", "set_aside_reason": a.reason,
            "file": a.file.rsplit("/", 1)[-1], "title_source": "manifest" if a.title else "file name",
            "provision_count": 0, "item_count": 0, "warnings": []})
        g.add_rel("ISSUED_IN", ("Document", a.id), ("Jurisdiction", a.jurisdiction))
    for node in resolver.cited.values():
        node.setdefault("status", "cited")
        g.add_node("Document", node)
        if node.get("jurisdiction") in corpus.jurisdictions:
            g.add_rel("ISSUED_IN", ("Document", node["id"]), ("Jurisdiction", node["jurisdiction"]))
    if meanwhile is not None:
        meanwhile(g)
    reuse = pending.result()
    for al in reuse.alignments:
        g.add_rel("DERIVED_FROM", ("Provision", al.source), ("Provision", al.target), {
            "score": al.score, "aligned_chars": al.aligned_chars, "passages": al.text,
            # Neo4j holds no nested lists: spans are flattened as [start, end, start, end, …]
            "source_spans": [x for span in al.source_spans for x in span],
            "target_spans": [x for span in al.target_spans for x in span],
            # the same, as offsets within each provision's text (for highlighting)
            "source_ranges": [x for r in al.source_ranges for x in r],
            "target_ranges": [x for r in al.target_ranges for x in r]})
    for dr in reuse.documents:
        g.add_rel("DERIVED_FROM", ("Document", dr.source), ("Document", dr.target), {
            "provisions": dr.provisions, "of_provisions": dr.of_provisions, "share": dr.share,
            "evidence": f"{dr.provisions} of {dr.of_provisions} provisions reuse its wording "
                        f"({dr.share:.0%} of the text)"})
    for src, dst, title in resolver.chains:
        g.add_rel("IMPLEMENTS", ("Document", src), ("Document", dst),
                  {"evidence": title, "location": "title", "span": None, "cited_title": None,
                   "cited_doc_number": None, "provision": None})
    return g
