"""Themes of a provision: 严/大/快/同 protection and the others (foundations,
organisation, creation, use, services, institutions), from ``data/themes.toml``.

A provision takes the themes its own heading names; those of its nearest section heading
that names any — its protection themes (严/大/快/同) always, the others only when the
provision's own heading names none, since a part on 严保护 stays strict protection whatever
a provision adds; and, because sections mix them, every protection theme whose wording cues
its text hits at least ``min_hits`` times.

>>> assign("健全知识产权快保护机制", ["构建知识产权大保护格局"], "推动纠纷快速处理。")
['fast', 'broad']
>>> assign("完善法规制度和标准体系", ["加强法治建设,明确鲜明的知识产权严保护导向"], "制定地方标准。")
['institutions', 'strict']
>>> assign("完善法规制度和标准体系", ["组织实施"], "制定地方标准。")
['institutions']
>>> assign(None, ["加强法治建设,明确鲜明的知识产权严保护导向"], "开展审判案件繁简分流工作,完善速审机制,快速化解纠纷。")
['strict', 'fast']
"""
from __future__ import annotations

import functools

from policykg.loaders.datafiles import DATA_DIR, data_file, require


@functools.cache
def _codebook() -> tuple[list[dict], int]:
    path = DATA_DIR / "themes.toml"
    doc = data_file("themes")
    require(path, doc, {"themes": list, "min_hits": int})
    for i, t in enumerate(doc["themes"]):
        require(path, t, {"id": str, "label_zh": str, "label_en": str, "heading_cues": list, "wording_cues": list},
                where=f"themes[{i}]: ")
    return doc["themes"], doc["min_hits"]


def themes() -> list[dict]:
    return _codebook()[0]


def _from_heading(heading: str) -> list[str]:
    return [t["id"] for t in themes() if any(c in heading for c in t["heading_cues"])]


def assign(heading: str | None, section_headings: list[str], text: str) -> list[str]:
    """Theme ids for a provision; `section_headings` nearest first."""
    found = _from_heading(heading) if heading else []
    protection = {t["id"] for t in themes() if t.get("protection")}
    for h in section_headings:
        inherited = _from_heading(h)
        if inherited:
            found += [t for t in inherited if t not in found and (t in protection or not found)]
            break
    _, min_hits = _codebook()
    for t in themes():
        if t["id"] not in found and t["wording_cues"]:
            hits = sum(1 for c in t["wording_cues"] if c in text)
            if hits >= min_hits:
                found.append(t["id"])
    return found
