"""Text reports for ``policykg inspect``: everything the loader made of a document, read back
from the store (the embedded one built from the corpus, or Neo4j) like any other question."""
from __future__ import annotations

from policykg.service import PolicyService


def _short(text: str | None, n: int = 60) -> str:
    text = (text or "").replace("\n", " / ")
    return text if len(text) <= n else text[: n - 1] + "…"


def inspect_document(doc: dict, jurisdiction: dict) -> str:
    """The report for one document answer (``PolicyService.document``)."""
    j = jurisdiction
    name = j["name_zh"] + (" (name inferred)" if j.get("name_status") == "inferred" else "")
    out = [f"Document {doc['id']}  ·  {name} ({j['id']}, {j['level']})",
           f"  title        {doc.get('title')}   [from {doc.get('title_source') or '—'}]"]
    if doc.get("aliases"):
        out.append(f"  aliases      {', '.join(doc['aliases'])}")
    traditional = ", traditional → simplified" if doc.get("traditional") else ""
    out += [f"  文号         {doc.get('doc_number') or '—'}",
            f"  issuer       {'、'.join(doc.get('issuer') or []) or '—'}"
            + (f"   ({doc['issuer_note']})" if doc.get("issuer_note") else ""),
            f"  issued       {doc.get('issued') or '—'}",
            f"  published    {doc.get('published') or '—'}",
            f"  publisher    {doc.get('publisher') or '—'}",
            f"  file         {doc.get('file') or '—'}  ({doc.get('encoding') or '—'}{traditional})"]
    if doc.get("front"):
        out.append("\nFront matter")
        out += [f"  [{f['kind']}] {_short(f['text'])}" for f in doc["front"]]
    out.append("\nStructure")
    by_section: dict[str | None, list] = {}
    for p in doc["provisions"]:
        by_section.setdefault(p["section"], []).append(p)

    def show_provisions(section_id, indent):
        for p in by_section.get(section_id, []):
            label = f"{p['number'] or '¶'} {p['heading'] or ''}".strip()
            out.append(f"{indent}{p['id']:<14} {p['kind']:<8} {_short(label, 34):<36} span {p['span'][0]}–{p['span'][1]}")
            out.append(f"{indent}{'':<14} {_short(p['text'], 70)}")
            if p["themes"]:
                out.append(f"{indent}{'':<14} themes: {', '.join(p['themes'])}")
            if p["agencies"]:
                out.append(f"{indent}{'':<14} agencies: "
                           + "、".join(f"{a['name']} ({a['type']}, {a['role']})" for a in p["agencies"]))
            d = p.get("deadline")
            if d:
                out.append(f"{indent}{'':<14} deadline: {d['text']} → {d['kind']}"
                           + (f" {d['due']}" if d.get("due") else "")
                           + (f" every {d['recurrence']}" if d.get("recurrence") else ""))

    show_provisions(None, "  ")

    def show_sections(parent, indent):
        for s in doc["sections"]:
            if s["parent"] == parent:
                out.append(f"{indent}§ {s['number'] or ''} {s['heading']}   [{s['id']}; themes: {', '.join(s['themes']) or '—'}]")
                show_provisions(s["id"], indent + "    ")
                show_sections(s["id"], indent + "    ")

    show_sections(None, "  ")
    items = sum(p["kind"] == "item" for p in doc["provisions"])
    out.append(f"\n  {items} items, {len(doc['provisions']) - items} framing provisions, {len(doc['sections'])} sections")
    if doc.get("closing"):
        out.append("\nClosing")
        out += [f"  [{c['kind']}] {c['text']}" for c in doc["closing"]]
    out.append("\nCitations")
    if not doc["citations"]:
        out.append("  none")
    for c in doc["citations"]:
        what = f"《{c['cited_title'] or c['title']}》" if (c.get("cited_title") or c.get("title")) else ""
        number = c.get("cited_doc_number") or c.get("doc_number")
        out.append(f"  {c['relation']:<10} {what}{' ' + number if number else ''}   [{c.get('location') or '—'}]")
        out.append(f"  {'':<10} “{_short(c['evidence'], 70)}”")
    agencies: dict[tuple[str, str], list] = {}
    for p in doc["provisions"]:
        for a in p["agencies"]:
            agencies.setdefault((a["name"], a["type"]), []).append(p["number"] or p["id"])
    out.append("\nAgencies")
    if not agencies:
        out.append("  none named")
    for (name, typ), where in sorted(agencies.items()):
        out.append(f"  {name:<20} {typ:<22} {len(where)} provisions")
    out.append("\nRemoved by cleaning")
    if not doc["noise"]:
        out.append("  nothing")
    for r in doc["noise"]:
        shown = repr(_short(r["text"], 40)) if r.get("text") is not None else "(text withheld: injected spam)"
        out.append(f"  {r['step']:<6} {r['reason']:<40} {r['span'][0]:>6}–{r['span'][1]:<6} {shown}")
    if doc.get("warnings"):
        out.append("\nWarnings")
        out += [f"  - {w}" for w in doc["warnings"]]
    return "\n".join(out)


def inspect_jurisdiction(jid: str, service: PolicyService) -> str:
    j = service.jurisdiction(jid)
    out = [f"Jurisdiction {j['id']}: {j['name_zh']} / {j['name_en']}  ({j['level']})",
           f"  parent       {j.get('parent') or '—'}",
           f"  name         {j['name_status']}" + (f" — {j['name_note']}" if j.get("name_note") else "")]
    children = [c["id"] for c in service.jurisdictions() if c["parent"] == jid]
    if children:
        out.append(f"  children     {', '.join(children)}")
    docs = [d for d in service.documents() if d["jurisdiction"] == jid]
    out.append("\nDocuments")
    if not docs:
        out.append("  none in the corpus")
    for d in docs:
        out.append(f"  {d['id']:<12} {d['title']}  ({d['doc_number'] or 'no 文号'}, {d['date'] or 'undated'}, "
                   f"{d.get('item_count') or 0} items)")
    out.append("\nAgencies")
    agencies = service.agencies(jid)
    if not agencies:
        out.append("  none named")
    for a in agencies:
        out.append(f"  {a['name']:<20} {a['type']:<22} {len(a['provisions'])} provisions")
    return "\n".join(out)


def inspect(ident: str, service: PolicyService) -> str:
    """A document's report, else a jurisdiction's; NotFound names the id otherwise."""
    from policykg.graph.errors import NotFound
    rows = service.store.query("document", id=ident)
    if rows and rows[0]["document"].get("in_corpus"):
        doc = service.document(ident)
        return inspect_document(doc, service.jurisdiction(doc["jurisdiction"]))
    try:
        return inspect_jurisdiction(ident, service)
    except NotFound:
        raise NotFound("document or jurisdiction", ident) from None
