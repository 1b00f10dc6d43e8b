"""Document numbers (文号): find them and normalise their brackets to 〔YYYY〕.

>>> normalize_doc_number("武知战办[2023] 4号")
'武知战办〔2023〕4号'
>>> [d.text for d in find_doc_numbers("根据《某某》(豫办(2020)21号)精神")]
['豫办〔2020〕21号']
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fa5]{1,12})\s*[〔\[［(（【﹝]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】﹞]\s*第?\s*(?P<serial>\d{1,5})\s*号"
)
_LABELS = ("发文字号", "文号", "字号")


@dataclass(frozen=True)
class DocNumber:
    prefix: str
    year: int
    serial: int
    start: int
    end: int

    @property
    def text(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


#: the part every 文号 holds, found first: (2020)21号
_CORE = re.compile(r"[〔\[［(（【﹝]\s*(?:19|20)\d{2}\s*[〕\]］)）】﹞]\s*第?\s*\d{1,5}\s*号")


def find_doc_numbers(text: str) -> list[DocNumber]:
    if "号" not in text or not _CORE.search(text):
        return []           # the whole pattern, tried at every character, costs far more
    return from_matches(DOC_NUMBER.finditer(text))


def from_matches(matches) -> list[DocNumber]:
    """The 文号 that matches of :data:`DOC_NUMBER` stand for (labels such as 发文字号 cut off)."""
    out = []
    for m in matches:
        prefix = m.group("prefix")
        for label in _LABELS:
            if label in prefix:
                prefix = prefix.split(label, 1)[1]
        prefix = prefix[-6:]
        if not prefix:
            continue
        start = m.start("prefix") + len(m.group("prefix")) - len(prefix)
        out.append(DocNumber(prefix, int(m.group("year")), int(m.group("serial")), start, m.end()))
    return out


#: a date written after a 文号 on its line (苏政发〔2009〕1号 2009年1月5日)
_TRAILING_DATE = re.compile(r"(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
                            r"|[〇○零OＯ一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)$")


def doc_number_line(text: str) -> DocNumber | None:
    """The 文号 a line consists of: alone, in brackets under a title, or followed by its date.

    >>> [d.text if d else None for d in map(doc_number_line, ["（穗府办〔2007〕25号）", "苏政发〔2009〕1号 2009年1月5日",
    ...                                                        "豫政〔2021〕3号", "根据豫政〔2021〕3号文件"])]
    ['穗府办〔2007〕25号', '苏政发〔2009〕1号', '豫政〔2021〕3号', None]
    """
    t = _TRAILING_DATE.sub("", re.sub(r"\s+", "", text))
    if len(t) > 2 and t[0] in "(（" and t[-1] in ")）":
        t = t[1:-1]
    if not DOC_NUMBER.fullmatch(t):
        return None
    found = find_doc_numbers(t)
    return found[0] if found else None


def normalize_doc_number(text: str) -> str | None:
    found = find_doc_numbers(text)
    return found[0].text if found else None
