"""Accountability: who must do what, by when — rows of the ``responsibilities`` query, shaped for
the API, the CLI and a CSV download, and how a provision is cited.

A row is one responsible agency of one provision, for one measure the provision adopts (a
provision adopting three measures and naming two agencies gives six rows, so that a table of them
sorts, filters and pivots on any column). A provision is cited as analysts cite it: the
jurisdiction, the document's title in 《》 and the provision's number.

>>> cite("北京市", "北京市关于强化知识产权保护的行动方案", "（九）")
'北京市《关于强化知识产权保护的行动方案》（九）'
>>> cite("漯河市", "关于加强知识产权保护工作的通知", None, 5)
'漯河市《关于加强知识产权保护工作的通知》第5段'
>>> cite("汉阳区", "推进计划", "4.")
'汉阳区《推进计划》第4项'
"""
from __future__ import annotations

from policykg import csvfile

#: the roles a responsibility clause gives (loaders.agencies)
ROLES = ("lead", "support", "responsible")


def cite(jurisdiction_name: str | None, title: str | None, number: str | None, ordinal: int | None = None) -> str:
    """``jurisdiction《title》number``; a title that opens with the jurisdiction's name is not
    made to say it twice, and a provision with no number is cited by its paragraph."""
    name = jurisdiction_name or ""
    title = title or ""
    if name and title.startswith(name) and len(title) > len(name):
        title = title[len(name):]
    return f"{name}《{title}》{_where(number, ordinal)}"


def _where(number: str | None, ordinal: int | None) -> str:
    """A provision's place as cited: a bracketed or 第…条 number as printed, a bare 4. or 一、
    as 第4项 / 第一项, and a provision without a number by its paragraph.

    >>> _where("（九）", 9), _where("4.", 5), _where("一、", 1), _where("第三条", 3), _where(None, 7), _where("●", 8)
    ('（九）', '第4项', '第一项', '第三条', '第7段', '第8段')
    """
    n = (number or "").strip()
    if not any(c.isalnum() for c in n):
        n = ""                                   # a bullet (-, ●) is no number
    if not n:
        return f"第{ordinal}段" if ordinal is not None else ""
    bare = n.rstrip("、.．,，:：)）").lstrip("(（")
    if bare.isdigit() or (bare and all(c in "一二三四五六七八九十百零〇" for c in bare)):
        return n if n.startswith(("(", "（")) else f"第{bare}项"
    return n


def deadline(row: dict) -> dict | None:
    """The provision's deadline as the API gives it (``date``: the ISO date a dated deadline falls on)."""
    if not row.get("deadline_text") and not row.get("deadline_kind"):
        return None
    return {"kind": row.get("deadline_kind"), "date": row.get("deadline_due"), "text": row.get("deadline_text"),
            "recurrence": row.get("deadline_recurrence"), "month": row.get("deadline_month"),
            "ongoing": row.get("deadline_ongoing")}


def shape(row: dict) -> dict:
    """A flat query row → ``{jurisdiction, document, provision, measure, agency, deadline}``."""
    measure = None if row["measure"] is None else {
        "id": row["measure"], "label_zh": row["measure_label_zh"], "label_en": row["measure_label_en"]}
    return {
        "jurisdiction": row["jurisdiction"], "jurisdiction_name": row["jurisdiction_name"], "level": row["level"],
        "document": row["document"], "document_title": row["document_title"], "doc_number": row["doc_number"],
        "provision": {"id": row["provision"], "number": row["number"], "heading": row["heading"],
                      "text": row["text"], "span": row["span"],
                      "citation": cite(row["jurisdiction_name"], row["document_title"], row["number"], row["ordinal"])},
        "measure": measure,
        "agency": {"name": row["agency"], "type": row["agency_type"], "role": row["role"]},
        "deadline": deadline(row),
    }


CSV_COLUMNS = ("jurisdiction", "jurisdiction_name", "document", "document_title", "doc_number", "provision",
               "citation", "measure", "measure_label_zh", "measure_label_en", "agency", "agency_type", "role",
               "deadline_kind", "deadline_date", "deadline_text", "provision_text", "span_start", "span_end")
def to_csv(rows: list[dict]) -> str:
    """Shaped rows as CSV for a spreadsheet (:mod:`policykg.csvfile`: formulas disarmed)."""
    def line(r):
        p, m, a, d = r["provision"], r["measure"] or {}, r["agency"], r["deadline"] or {}
        return (r["jurisdiction"], r["jurisdiction_name"], r["document"], r["document_title"], r["doc_number"],
                p["id"], p["citation"], m.get("id"), m.get("label_zh"), m.get("label_en"), a["name"], a["type"],
                a["role"], d.get("kind"), d.get("date"), d.get("text"), p["text"], p["span"][0], p["span"][1])
    return csvfile.to_csv(CSV_COLUMNS, (line(r) for r in rows))
