"""What can be known of a document that is cited but not in the corpus.

From its 文号: issuer prefix, year, serial, and through the prefix table
(``data/issuers.toml``) the issuing body, its level and jurisdiction. From its
title: the level and jurisdiction its place names say (洛阳市… → city, luoyang);
relative scopes (全市, 全省, 全区) are read against the citing document's
jurisdiction chain (a district plan's 全市 is its parent city). And, when its
title says it carries out another titled document (贯彻落实〈X〉…), that X.

>>> from policykg.loaders.manifest import Jurisdiction
>>> js = {"china": Jurisdiction("china", "中国", "China", "national"),
...       "wuhan": Jurisdiction("wuhan", "武汉市", "Wuhan", "city", "china"),
...       "hanyang": Jurisdiction("hanyang", "汉阳区", "Hanyang", "district", "wuhan")}
>>> d = describe("关于进一步强化全市知识产权保护的具体措施", "武办发〔2020〕16号", "hanyang", js)
>>> d["issuer"], d["level"], d["jurisdiction"], d["doc_number_year"]
('中共武汉市委办公厅', 'city', 'wuhan', 2020)
>>> describe("关于进一步强化全市知识产权保护的具体措施", None, "hanyang", js)["jurisdiction"]
'wuhan'
>>> carried_out("2023-2025年贯彻落实〈关于进一步强化全市知识产权保护的具体措施〉推进计划")
['关于进一步强化全市知识产权保护的具体措施']
"""
from __future__ import annotations

import functools
import re

from policykg.graph.errors import DataFileError
from policykg.loaders.datafiles import DATA_DIR, data_file, require
from policykg.loaders.docnumbers import find_doc_numbers
from policykg.loaders.manifest import LEVELS, Jurisdiction

RELATIVE_SCOPE = {"全国": "national", "全省": "province", "我省": "province", "全市": "city", "我市": "city",
                  "全区": "district", "我区": "district", "全县": "district", "我县": "district"}
ORGAN = re.compile(r"委|政府|国务院|中共中央|全国人大|知识产权局")
CARRY_OUT = re.compile(r"(?:贯彻落实|贯彻|落实|实施)\s*[〈《<]([^〈〉《》<>]{4,120})[〉》>]")


@functools.cache
def _table() -> tuple[list[dict], list[tuple[re.Pattern, str]]]:
    path = DATA_DIR / "issuers.toml"
    doc = data_file("issuers")
    require(path, doc, {"prefixes": list, "title_patterns": list})
    for i, p in enumerate(doc["prefixes"]):
        require(path, p, {"prefix": str, "issuer_zh": str, "issuer_en": str, "level": str}, where=f"prefixes[{i}]: ")
        if p["level"] not in LEVELS:
            raise DataFileError(path, f"prefixes[{i}]: unknown level {p['level']!r}")
    patterns = []
    for i, t in enumerate(doc["title_patterns"]):
        require(path, t, {"pattern": str, "level": str}, where=f"title_patterns[{i}]: ")
        patterns.append((re.compile(t["pattern"]), t["level"]))
    prefixes = sorted(doc["prefixes"], key=lambda p: len(p["prefix"]), reverse=True)
    return prefixes, patterns


def _prefix_entry(prefix: str) -> dict | None:
    prefixes, _ = _table()
    exact = next((p for p in prefixes if p["prefix"] == prefix), None)
    return exact or next((p for p in prefixes if prefix.startswith(p["prefix"])), None)


def _ancestor_at(level: str, jid: str | None, jurisdictions: dict[str, Jurisdiction]) -> str | None:
    while jid is not None and jid in jurisdictions:
        if jurisdictions[jid].level == level:
            return jid
        jid = jurisdictions[jid].parent
    return None


def _named_jurisdiction(title: str, jurisdictions: dict[str, Jurisdiction]) -> str | None:
    """The manifest jurisdiction whose name stands earliest in the title (洛阳市… → luoyang)."""
    automaton = _name_automaton(jurisdictions)
    if not len(automaton):
        return None
    best = None
    for end, (name, jid) in automaton.iter(title):
        pos = end - len(name) + 1
        if best is None or pos < best[0] or (pos == best[0] and len(name) > best[1]):
            best = (pos, len(name), jid)
    return best[2] if best else None


_AUTOMATA: dict[int, tuple] = {}


def _name_automaton(jurisdictions: dict[str, Jurisdiction]):
    """All jurisdiction names (full and without 省/市/区/县) in one Aho–Corasick automaton, per manifest."""
    key = id(jurisdictions)
    cached = _AUTOMATA.get(key)
    if cached is None or cached[0] is not jurisdictions:
        import ahocorasick
        automaton = ahocorasick.Automaton()
        for j in jurisdictions.values():
            for name in {j.name_zh, re.sub(r"(省|市|区|县)$", "", j.name_zh)}:
                if len(name) >= 2 and name != "中国" and name not in automaton:
                    automaton.add_word(name, (name, j.id))
        if len(automaton):
            automaton.make_automaton()
        cached = (jurisdictions, automaton)
        _AUTOMATA.clear()
        _AUTOMATA[key] = cached
    return cached[1]


def describe(title: str | None, doc_number: str | None, citing_jurisdiction: str | None,
             jurisdictions: dict[str, Jurisdiction]) -> dict:
    out = {"issuer": None, "issuer_en": None, "level": None, "jurisdiction": None, "level_source": None,
           "doc_number_prefix": None, "doc_number_year": None, "doc_number_serial": None}
    number = find_doc_numbers(doc_number)[0] if doc_number and find_doc_numbers(doc_number) else None
    if number:
        out.update(doc_number_prefix=number.prefix, doc_number_year=number.year, doc_number_serial=number.serial)
        entry = _prefix_entry(number.prefix)
        if entry:
            out.update(issuer=entry["issuer_zh"], issuer_en=entry["issuer_en"], level=entry["level"],
                       level_source="文号 prefix")
            if entry.get("jurisdiction") in jurisdictions:
                out["jurisdiction"] = entry["jurisdiction"]
    if title and out["level"] is None:
        _, patterns = _table()
        hits = [(m.start(), level, m.group(0)) for pattern, level in patterns for m in [pattern.search(title)] if m]
        if hits:
            _, level, text = min(hits)
            out.update(level=level, level_source="title")
            if ORGAN.search(text):
                out["issuer"] = text
    if title and out["jurisdiction"] is None:
        named = _named_jurisdiction(title, jurisdictions)
        if named:
            out["jurisdiction"] = named
            out["level"] = out["level"] or jurisdictions[named].level
        else:
            for word, level in RELATIVE_SCOPE.items():
                if word in title:
                    out["jurisdiction"] = _ancestor_at(level, citing_jurisdiction, jurisdictions)
                    out["level"] = out["level"] or level
                    break
    if out["level"] == "national" and out["jurisdiction"] is None:
        out["jurisdiction"] = next((j.id for j in jurisdictions.values() if j.level == "national"), None)
    return out


def carried_out(title: str) -> list[str]:
    """Titles a document's own title says it carries out (贯彻落实〈X〉推进计划 → X)."""
    return [m.group(1).strip() for m in CARRY_OUT.finditer(title or "")]
