"""Quantities and frequencies a provision commits to, as structured values: what two plans that
adopt the same measure can differ on (3 guidance stations against 5; monthly against quarterly).

Rules and words are data (``data/quantities.toml``). A quantity is a number (digits or Chinese
numerals) with a unit right after it, in one clause; what it counts is the rest of the clause
beside it, without the verb the clause opens with. A number followed by 年/月/日/号 is a date or a
document number, never a quantity. A frequency is a period word (每年, 每季度, 定期…) with, when
the clause gives it, how many times (会商一次).

>>> q = quantities("在重点园区建设商业秘密保护指导站3个，每年举办培训不少于两场")
>>> [(x["value"], x["unit"], x["object"]) for x in q]
[(3.0, '个', '商业秘密保护指导站'), (2.0, '场', '培训')]
>>> [(x["kind"], x["value"]) for x in quantities("简单案件5个工作日内办结，按保费的50%给予补助，融资额2亿元")]
[('time_limit', 5.0), ('share', 50.0), ('amount', 2.0)]
>>> quantities("依照专利法第六十五条规定，统一部署，提供一条龙服务，第3期")
[]
>>> [(f["period"], f["times"], f["action"]) for f in frequencies("相关部门每季度会商一次，每年安排专项资金，不定期抽查")]
[('quarterly', 1, '会商'), ('yearly', None, '安排专项资金')]
>>> quantities("2023年6月底前完成，青政办〔2021〕7号")
[]
"""
from __future__ import annotations

import functools
import re

from policykg.loaders.datafiles import DATA_DIR, data_file, require
from policykg.loaders.relining import cn_number

CLAUSE = re.compile(r"[^，。；;,！!？?\n：:（）()]+")
NUMBER = r"\d+(?:\.\d+)?|[一二两三四五六七八九十百][零一二两三四五六七八九十百]*"   # 零部件 counts nothing


@functools.cache
def _rules() -> dict:
    path = DATA_DIR / "quantities.toml"
    doc = data_file("quantities")
    require(path, doc, {"units": list, "count_units": list, "money_units": list, "share_units": list,
                        "time_units": list, "numeral_after": list, "verbs": list, "not_after": list,
                        "periods": dict})
    units = sorted(doc["units"], key=len, reverse=True)
    # never an ordinal (第六十五条, 第3期), never inside a number or a 文号 (〔2021〕7号)
    quantity = re.compile(rf"(?<![\d.〔\[第])({NUMBER})(余|多)?({'|'.join(map(re.escape, units))})(以上|左右)?")
    time_units = sorted(doc["time_units"], key=len, reverse=True)
    time_limit = re.compile(rf"(?<![\d.第])({NUMBER})({'|'.join(map(re.escape, time_units))})(以?内)")
    periods = sorted(doc["periods"], key=len, reverse=True)
    return {"quantity": quantity, "time_limit": time_limit, "count_units": frozenset(doc["count_units"]),
            "money_units": frozenset(doc["money_units"]), "share_units": frozenset(doc["share_units"]),
            "numeral_after": tuple(doc["numeral_after"]),
            "verbs": tuple(sorted(doc["verbs"], key=len, reverse=True)),
            "not_after": tuple(doc["not_after"]), "periods": doc["periods"],
            "period": re.compile("(?<!不)(?:" + "|".join(map(re.escape, periods)) + ")"),
            "times": re.compile(rf"({NUMBER})次")}


def _value(text: str) -> float | None:
    """'3' → 3.0, '2.5' → 2.5, '两' → 2.0, '十二' → 12.0."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    n = cn_number(text.replace("两", "二"))
    return float(n) if n is not None else None


def _after_last_verb(text: str, verbs: tuple[str, ...]) -> str:
    """What follows the clause's last verb (在重点园区建设指导站 → 指导站); the text when it has none."""
    cuts = sorted({text.rfind(v) + len(v) for v in verbs if v in text}, reverse=True)
    # the last verb that leaves something named after it (举办培训: 培训 is a verb, and the object)
    return next((text[c:] for c in cuts if len(text) - c >= 2), text)


def _clauses(text: str):
    for m in CLAUSE.finditer(text):
        yield m.start(), m.group(0)


def quantities(text: str) -> list[dict]:
    """``[{value, unit, kind, object, text, span}]`` in text order (`span` within `text`); `kind` is
    count, amount (money), share (%, 倍) or time_limit (5个工作日内)."""
    r = _rules()
    out = []
    for start, clause in _clauses(text):
        period = r["period"].search(clause)
        found: list[tuple[int, dict]] = []
        taken: list[tuple[int, int]] = []
        for m in r["time_limit"].finditer(clause):
            # 5个工作日内移送县公安局: what must be done in that time
            value = _value(m.group(1))
            if value is None or not _numeral_ok(m.group(1), clause[:m.start()], r):
                continue
            rest = clause[m.end():].strip()
            found.append((m.start(), {"value": value, "unit": m.group(2), "kind": "time_limit",
                                      "object": (rest or clause[:m.start()].strip())[:24] or None,
                                      "text": clause.strip(), "span": [start + m.start(), start + m.end()]}))
            taken.append(m.span())
        for m in r["quantity"].finditer(clause):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if clause.startswith(r["not_after"], m.end(3)) or clause.startswith(r["not_after"], m.end(1)):
                continue
            value = _value(m.group(1))
            if value is None or not _numeral_ok(m.group(1), clause[:m.start()], r):
                continue
            unit = m.group(3)
            after = clause[m.end():].strip()
            before = clause[:m.start()].strip()
            if unit == "次" and (re.match(r"[\u4e00-\u9fa5]", clause[m.end():m.end() + 1])
                                or (period and period.start() < m.start())):
                continue                         # 二次开发 is a word; 每季度会商一次 is a frequency
            if unit in r["money_units"]:
                kind, obj = "amount", before
            elif unit in r["share_units"]:
                kind, obj = "share", before
            else:
                kind = "count"
                # 建设3个指导站: the object follows; 指导站3个, 举办培训不少于两场: it comes first
                obj = after if unit in r["count_units"] and re.match(r"[\u4e00-\u9fa5A-Za-z]", after) else before
            if obj is before:
                obj = _after_last_verb(re.sub(r"(不少于|不低于|至少|超过|达到|以上|左右)$", "", obj), r["verbs"])
                if obj in before and before.endswith(tuple(r["verbs"])) and re.match(r"[\u4e00-\u9fa5]{2}", after):
                    obj = after                  # 设立2000万元风险补偿资金池: named after the amount
            if kind == "count" and len(obj) < 2:
                continue                         # 上一篇 / 下一篇: a page's links, nothing counted
            found.append((m.start(), {"value": value, "unit": unit, "kind": kind, "object": obj[-24:] or None,
                                      "text": clause.strip(), "span": [start + m.start(), start + m.end()]}))
        out += [q for _, q in sorted(found, key=lambda x: x[0])]
    return out


def _numeral_ok(number: str, before: str, r: dict) -> bool:
    """Digits count anywhere; Chinese numerals only where a verb or a quantifier comes right before
    them (建设一个中心, 不少于两场) or they open the clause — elsewhere they are part of a word."""
    if number[0].isdigit():
        return True
    before = before.rstrip()
    return not before or before.endswith(r["verbs"]) or before.endswith(r["numeral_after"])


def frequencies(text: str) -> list[dict]:
    """``[{period, times, action, text, span}]`` in text order: each period word, the times the
    same clause gives (一次, 2次) and what is done that often."""
    r = _rules()
    out = []
    for start, clause in _clauses(text):
        for m in r["period"].finditer(clause):
            rest = clause[m.end():]
            times = r["times"].search(rest)
            count = _value(times.group(1)) if times else None
            action = (rest[:times.start()] if times else rest).strip()
            action = re.sub(r"(至少|不少于|不低于)$", "", action).strip()
            out.append({"period": r["periods"][m.group(0)], "times": int(count) if count is not None else None,
                        "action": action[:24] or None, "text": clause.strip(),
                        "span": [start + m.start(), start + m.end()]})
    return out
