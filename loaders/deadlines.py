"""Deadlines as structured values.

>>> parse("2025年12月底前完成")["due"]
'2025-12-31'
>>> d = parse("每年4月底前完成"); (d["kind"], d["recurrence"], d["month"])
('recurring', 'yearly', 4)
>>> d = parse("2024年6月底前完成并持续推进"); (d["kind"], d["due"], d["ongoing"])
('by_date', '2024-06-30', True)
>>> parse("持续推进")["kind"]
'ongoing'
>>> parse("区市场监管局") is None
True
"""
from __future__ import annotations

import calendar
import re

ONGOING = re.compile(r"持续推进|持续开展|长期坚持|长期推进|长期|持续|常态化|逐年推进")
FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(前|之前|以前)?")
MONTH_END = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(底|末|份|中旬|上旬|下旬)?\s*(前|之前|以前)?")
YEAR_END = re.compile(r"(\d{4})\s*年\s*(底|末|内|年底)?\s*(前|之前|以前)?")
YEARLY = re.compile(r"每年\s*(\d{1,2})\s*月\s*(底|末|份)?\s*(前|之前)?")
PERIODIC = {"每季度": "quarterly", "每半年": "half-yearly", "每月": "monthly", "每年": "yearly"}


def _iso(y: int, m: int, d: int | None = None) -> str:
    if d is None:
        d = calendar.monthrange(y, m)[1]
    return f"{y:04d}-{m:02d}-{d:02d}"


def parse(text: str) -> dict | None:
    """A deadline phrase → ``{text, kind, due, recurrence, month, ongoing}``, or None."""
    t = text.strip()
    if not t:
        return None
    out = {"text": t, "kind": None, "due": None, "recurrence": None, "month": None,
           "ongoing": bool(ONGOING.search(t))}
    m = YEARLY.search(t)
    if m:
        out.update(kind="recurring", recurrence="yearly", month=int(m.group(1)))
        return out
    for word, rec in PERIODIC.items():
        if word in t:
            out.update(kind="recurring", recurrence=rec)
            return out
    m = FULL_DATE.search(t)
    if m:
        out.update(kind="by_date", due=_iso(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        return out
    m = MONTH_END.search(t)
    if m and 1 <= int(m.group(2)) <= 12:
        y, mo = int(m.group(1)), int(m.group(2))
        day = {"上旬": 10, "中旬": 20}.get(m.group(3) or "")
        out.update(kind="by_date", due=_iso(y, mo, day))
        return out
    m = YEAR_END.search(t)
    if m and (m.group(2) or m.group(3)):
        out.update(kind="by_date", due=_iso(int(m.group(1)), 12, 31))
        return out
    if out["ongoing"]:
        out["kind"] = "ongoing"
        return out
    return None
