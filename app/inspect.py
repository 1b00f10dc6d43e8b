"""Text reports for ``policykg inspect``: everything the loader made of a document."""
from __future__ import annotations

from policykg.loaders.document import Document
from policykg.loaders.pipeline import Corpus


def _short(text: str, n: int = 60) -> str:
    text = text.replace("\n", " / ")
    return text if len(text) <= n else text[: n - 1] + "…"


def inspect_document(doc: Document, corpus: Corpus) -> str:
    j = corpus.jurisdictions[doc.jurisdiction]
    name = j.name_zh + (" (name inferred)" if j.name_status == "inferred" else "")
    out = [f"Document {doc.id}  ·  {name} ({j.id}, {j.level})",
           f"  title        {doc.title}   [from {doc.title_source}]"]
    if doc.aliases:
        out.append(f"  aliases      {', '.join(doc.aliases)}")
    out += [f"  文号         {doc.doc_number or '—'}",
            f"  issuer       {'、'.join(doc.issuer) or '—'}" + (f"   ({doc.issuer_note})" if doc.issuer_note else ""),
            f"  issued       {doc.issued or '—'}",
            f"  published    {doc.published or '—'}",
            f"  publisher    {doc.publisher or '—'}",
            f"  file         {doc.file}  ({doc.encoding}{', traditional → simplified' if doc.traditional else ''})"]
    if doc.front:
        out.append("\nFront matter")
        out += [f"  [{f['kind']}] {_short(f['text'])}" for f in doc.front]
    out.append("\nStructure")
    by_section: dict[str | None, list] = {}
    for p in doc.provisions:
        by_section.setdefault(p.section, []).append(p)

    def show_provisions(section_id, indent):
        for p in by_section.get(section_id, []):
            tag = "item" if p.kind == "item" else "framing"
            label = f"{p.number or '¶'} {p.heading or ''}".strip()
            out.append(f"{indent}{p.id:<14} {tag:<8} {_short(label, 34):<36} span {p.span[0]}–{p.span[1]}")
            out.append(f"{indent}{'':<14} {_short(p.text, 70)}")
            if p.themes:
                out.append(f"{indent}{'':<14} themes: {', '.join(p.themes)}")
            if p.agencies:
                out.append(f"{indent}{'':<14} agencies: " + "、".join(f"{a['name']} ({a['type']}, {a['role']})" for a in p.agencies))
            if p.deadline:
                d = p.deadline
                out.append(f"{indent}{'':<14} deadline: {d['text']} → {d['kind']}"
                           + (f" {d['due']}" if d["due"] else "") + (f" every {d['recurrence']}" if d["recurrence"] else ""))

    show_provisions(None, "  ")

    def show_sections(parent, indent):
        for s in doc.sections:
            if s.parent == parent:
                out.append(f"{indent}§ {s.number or ''} {s.heading}   [{s.id}; themes: {', '.join(s.themes) or '—'}]")
                show_provisions(s.id, indent + "    ")
                show_sections(s.id, indent + "    ")

    show_sections(None, "  ")
    items = sum(p.kind == "item" for p in doc.provisions)
    out.append(f"\n  {items} items, {len(doc.provisions) - items} framing provisions, {len(doc.sections)} sections")
    if doc.closing:
        out.append("\nClosing")
        out += [f"  [{c['kind']}] {c['text']}" for c in doc.closing]
    out.append("\nCitations")
    if not doc.citations:
        out.append("  none")
    for c in doc.citations:
        what = f"《{c.title}》" if c.title else ""
        out.append(f"  {c.relation:<10} {what}{' ' + c.doc_number if c.doc_number else ''}   [{c.where}]")
        out.append(f"  {'':<10} “{_short(c.evidence, 70)}”")
    agencies = {}
    for p in doc.provisions:
        for a in p.agencies:
            agencies.setdefault((a["name"], a["type"]), []).append(p.number or p.id)
    out.append("\nAgencies")
    if not agencies:
        out.append("  none named")
    for (name, typ), where in sorted(agencies.items()):
        out.append(f"  {name:<20} {typ:<22} {len(where)} provisions")
    out.append("\nRemoved by cleaning")
    if not doc.removals:
        out.append("  nothing")
    for r in doc.removals:
        out.append(f"  {r.step:<6} {r.reason:<40} {r.start:>6}–{r.end:<6} {_short(r.text, 40)!r}")
    if doc.warnings:
        out.append("\nWarnings")
        out += [f"  - {w}" for w in doc.warnings]
    return "\n".join(out)


def inspect_jurisdiction(jid: str, corpus: Corpus) -> str:
    j = corpus.jurisdictions[jid]
    out = [f"Jurisdiction {j.id}: {j.name_zh} / {j.name_en}  ({j.level})",
           f"  parent       {j.parent or '—'}",
           f"  name         {j.name_status}" + (f" — {j.name_note}" if j.name_note else "")]
    children = [c.id for c in corpus.jurisdictions.values() if c.parent == jid]
    if children:
        out.append(f"  children     {', '.join(children)}")
    docs = [d for d in corpus.documents if d.jurisdiction == jid]
    out.append("\nDocuments")
    if not docs:
        out.append("  none in the corpus")
    for d in docs:
        out.append(f"  {d.id:<12} {d.title}  ({d.doc_number or 'no 文号'}, {d.date or 'undated'}, "
                   f"{sum(p.kind == 'item' for p in d.provisions)} items)")
    agencies: dict[tuple[str, str], int] = {}
    for d in docs:
        for p in d.provisions:
            for a in p.agencies:
                agencies[(a["name"], a["type"])] = agencies.get((a["name"], a["type"]), 0) + 1
    out.append("\nAgencies")
    if not agencies:
        out.append("  none named")
    for (name, typ), n in sorted(agencies.items()):
        out.append(f"  {name:<20} {typ:<22} {n} provisions")
    return "\n".join(out)
