"""Responsible agencies of a provision, with roles, and their normalised types.

Handles the forms seen in local plans:

* ``（责任单位：市法院、市检察院）`` — role ``responsible``;
* a trailing ``(units; deadline)`` — ``(区市场监管局、区司法局按职责分工负责;2025年12月底前完成)``;
* ``牵头单位：…；配合单位：…；完成时限：…`` — roles ``lead`` and ``support``,
  in parentheses or on a closing line of their own;
* ``X、Y牵头,Z按职责分工负责`` — X and Y lead, Z supports.

Bare names after a prefixed one inherit its level prefix (``区市场监管局、商务局``
→ 区商务局). Types come from ``data/agency_types.toml`` (longest alias wins).

>>> c = find_clause("开展试点。(区市场监管局、区委宣传部牵头,区各成员单位按职责分工负责;持续推进)", "")
>>> [(a["name"], a["role"]) for a in c.agencies], c.deadline["kind"]
([('区市场监管局', 'lead'), ('区委宣传部', 'lead'), ('区各成员单位', 'support')], 'ongoing')
>>> agency_type("区文广旅局")
'culture_tourism'
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from policykg.loaders import deadlines
from policykg.loaders.datafiles import DATA_DIR, data_file, require

ROLE_LABELS = {
    "牵头单位": "lead", "牵头部门": "lead", "主责单位": "lead",
    "配合单位": "support", "配合部门": "support", "协办单位": "support", "参与单位": "support", "协同单位": "support",
    "责任单位": "responsible", "责任部门": "responsible", "负责单位": "responsible", "实施单位": "responsible",
}
DEADLINE_LABELS = ("完成时限", "完成时间", "时间节点", "时限要求", "时限")
LEVEL_PREFIXES = ("省", "市", "区", "县", "镇", "乡", "街道")
_LONGEST_FIRST = tuple(sorted(LEVEL_PREFIXES, key=len, reverse=True))
_LABEL_RE = "|".join(sorted(list(ROLE_LABELS) + list(DEADLINE_LABELS), key=len, reverse=True))
LABELLED = re.compile(rf"({_LABEL_RE})\s*[:：]\s*")
AGENCY_WORD = re.compile(r"(局|委|院|办|室|部|厅|署|关|会|组|中心|支行|分行|单位|所|队|站|政府|小组|联|庭)(\([^)]*\)|（[^）]*）)?$")


@dataclass
class Clause:
    start: int                  # offset in the provision text where the clause begins
    end: int
    agencies: list[dict] = field(default_factory=list)   # {name, role, type}
    deadline: dict | None = None


@functools.cache
def _types() -> list[tuple[str, str]]:
    path = DATA_DIR / "agency_types.toml"
    doc = data_file("agency_types")
    require(path, doc, {"types": list})
    pairs = []
    for i, t in enumerate(doc["types"]):
        require(path, t, {"id": str, "label_zh": str, "label_en": str, "aliases": list}, where=f"types[{i}]: ")
        pairs += [(alias, t["id"]) for alias in t["aliases"]]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


@functools.cache
def _rank_rules() -> tuple[tuple[re.Pattern, ...], tuple[str, ...]]:
    path = DATA_DIR / "agency_types.toml"
    doc = data_file("agency_types")
    require(path, doc, {"national_patterns": list, "not_prefixes": list})
    return tuple(re.compile(p) for p in doc["national_patterns"]), tuple(doc["not_prefixes"])


def is_national(name: str) -> bool:
    """A national agency's name (部, 总局, 总署, 国家…): never given a local prefix.

    >>> [is_national(n) for n in ("海关总署", "国家知识产权局", "市场监管总局", "公安部", "区委宣传部", "商务局")]
    [True, True, True, True, False, False]
    """
    return any(p.search(name) for p in _rank_rules()[0])


@functools.lru_cache(maxsize=8192)
def level_prefix(name: str) -> str | None:
    """The level prefix a local name opens with (省 市 区 县 镇 乡 街道), if it is one.

    >>> [level_prefix(n) for n in ("区市场监管局", "市场监管局", "街道办事处", "市场监管总局", "省知识产权局")]
    ['区', None, '街道', None, '省']
    """
    if name.startswith(_rank_rules()[1]) or is_national(name):
        return None
    return next((p for p in _LONGEST_FIRST if name.startswith(p)), None)


def agency_types() -> list[dict]:
    """The agency-type table, as in the data file."""
    return data_file("agency_types")["types"]


@functools.lru_cache(maxsize=8192)      # the same few hundred names recur in every plan
def agency_type(name: str) -> str:
    for alias, type_id in _types():
        if alias in name:
            return type_id
    return "other"


def _trailing_paren(text: str) -> tuple[int, str] | None:
    """Start offset and inside of a parenthesis that closes the text, nesting allowed."""
    t = text.rstrip().rstrip("。.;；")
    if not t or t[-1] not in ")）":
        return None
    depth = 0
    for i in range(len(t) - 1, -1, -1):
        if t[i] in ")）":
            depth += 1
        elif t[i] in "(（":
            depth -= 1
            if depth == 0:
                return i, t[i + 1:-1]
    return None


def _split_units(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth -= 1
        if ch in "、,，和及" and depth == 0 and ch not in "和及":
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _clean_name(name: str) -> str:
    name = re.sub(r"(按职责分工负责|按照职责分工负责|按职能分工负责|分别负责|负责|牵头|配合|协助|等单位|等部门|等)$", "", name.strip())
    return name.strip(" ：:")


def _units(text: str, role: str, prefix_names: tuple[str, ...]) -> list[dict]:
    """Parse a list of units; clauses ending in 牵头/配合 set roles inside the list."""
    out: list[dict] = []
    clauses = re.split(r"[,，;；]", text)
    has_lead = any(c.strip().endswith("牵头") for c in clauses)
    for clause in clauses:
        c = clause.strip()
        if not c:
            continue
        r = role
        if c.endswith("牵头"):
            r = "lead"
        elif c.endswith(("配合", "协助", "参与")) or (has_lead and role == "responsible"):
            r = "support"
        for raw in _split_units(c):
            name = _clean_name(raw)
            if name and AGENCY_WORD.search(name):
                out.append({"name": name, "role": r})
    # bare local names inherit the level prefix of the first prefixed one (区市场监管局、商务局 →
    # 区商务局); national and provincial names keep theirs (国家知识产权局、海关总署 stay as written)
    first = next((a["name"] for a in out if level_prefix(a["name"])), None)
    if first:
        level = level_prefix(first)
        for a in out:
            n = a["name"]
            if not level_prefix(n) and not n.startswith(("中共", "人行")) and not is_national(n) \
                    and not any(p and p in n for p in prefix_names):
                a["name"] = level + n
    for a in out:
        a["type"] = agency_type(a["name"])
    return out


def _labelled(inner: str, prefix_names) -> tuple[list[dict], dict | None] | None:
    parts = list(LABELLED.finditer(inner))
    if not parts or parts[0].start() > 2:
        return None
    agencies, deadline = [], None
    for k, m in enumerate(parts):
        body = inner[m.end(): parts[k + 1].start() if k + 1 < len(parts) else len(inner)].strip(" ；;，,。")
        label = m.group(1)
        if label in DEADLINE_LABELS:
            deadline = deadlines.parse(body)
        else:
            agencies += _units(body, ROLE_LABELS[label], prefix_names)
    return agencies, deadline


def find_clause(text: str, jurisdiction_name: str) -> Clause | None:
    """The responsibility clause that closes a provision's text, parsed; or None."""
    short = re.sub(r"(省|市|区|县)$", "", jurisdiction_name)
    prefix_names = tuple(x for x in (jurisdiction_name, short) if len(x) >= 2)
    paren = _trailing_paren(text)
    if paren:
        start, inner = paren
        lab = _labelled(inner, prefix_names)
        if lab is not None:
            agencies, deadline = lab
        else:
            parts = re.split(r"[;；]", inner)
            if len(parts) == 1:
                m = re.match(r"^(.*)[,，]([^,，]+)$", inner)
                parts = [m.group(1), m.group(2)] if m and deadlines.parse(m.group(2)) else parts
            deadline = deadlines.parse(parts[-1]) if len(parts) > 1 else None
            unit_text = "；".join(parts[:-1]) if deadline else inner
            agencies = _units(unit_text, "responsible", prefix_names)
            if not agencies or any(len(a["name"]) > 30 for a in agencies):
                return None
        if agencies or deadline:
            return Clause(start, len(text), agencies, deadline)
        return None
    # a closing line or sentence of labelled parts: 牵头单位：…；配合单位：…；完成时限：…
    m = None
    for m in LABELLED.finditer(text):
        break
    if m is not None:
        start = m.start()
        lab = _labelled(text[start:], prefix_names)
        if lab and (lab[0] or lab[1]):
            return Clause(start, len(text), lab[0], lab[1])
    return None
