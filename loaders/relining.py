"""Re-lining: give back the line breaks a page lost, at the numbering it still shows.

Two shapes real pages have: a page flattened onto one line (a re-posted page whose breaks were
dropped: ``…方案 一、严格保护 （一）落实…。（二）建立…。二、快速保护 …``) and news reports that
list a plan's tasks inside a paragraph (``方案提出，一是…；二是…；三是…``). In both, a line is
split before each marker of a run that counts up from one (一、二、…; （一）（二）…; 第一条 第二条
…; 一是 二是 …), so the segmenter sees the items the page has. Nothing is removed: a split only
cuts a logical line into two, and the fragments still point into the source file.

>>> split_points("方案提出，一是落实赔偿制度；二是建立调查官制度；三是推进存证。")
[5, 14, 24]
>>> split_points("加强保护，二是这样")          # a run must start at one
[]
>>> split_points("在服务方面，一是在中心设立窗口；二是对企业开展培训；三是为企业提供咨询。")
[6, 16, 26]
>>> split_points("某方案 一、严格保护 （一）落实制度。（二）建立制度。二、快速保护 （三）建设中心。", flattened=True)
[4, 11, 19, 27, 34]
>>> split_points("某办法 第一条 为了保护,制定本办法,第二条、违反本办法第一条、第三条规定的,依法处理,第三条、本办法自发布之日起施行。", flattened=True)
[4, 19, 44]
"""
from __future__ import annotations

import re

CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
CN = "一二三四五六七八九十百"


def cn_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105; digits as they are.

    >>> [cn_number(t) for t in ("一", "十", "十二", "二十三", "一百零五", "12", "两")]
    [1, 10, 12, 23, 105, 12, None]
    """
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


#: kind → pattern of a marker inside a line; group 1 is its number
#: 一是 after a clause break; not 一是否 (whether). Any verb may follow: 一是在…, 二是对…, 三是为…
_SHI = re.compile(rf"(?:(?<=^)|(?<=[，,：:；;。]))([{CN}]{{1,3}})是(?!否)")
_INLINE = {
    "cn_dun": re.compile(rf"(?:(?<=^)|(?<=[\s。；;：:]))([{CN}]{{1,3}})[、．]"),
    "cn_paren": re.compile(rf"(?:(?<=^)|(?<=[\s。；;：:]))[（(]([{CN}]{{1,3}})[）)]"),
    "arabic_paren": re.compile(r"(?:(?<=^)|(?<=[\s。；;：:]))[（(](\d{1,3})[）)]"),
    # articles and chapters: also after a comma, 、 or full stop a damaged page left in place of a
    # stop (…制定本条例,第二条、… / 总则.第一条、…) when the damage follows the number too — never a
    # reference (依照本办法第二条规定; 违反第一条、第三条规定; 依照专利法，第三条规定)
    "article": re.compile(rf"(?:(?<=^)|(?<=[\s。；;])|(?<=[，,、.．])(?=第[{CN}\d]{{1,4}}条[、.．,，\s](?!第)))"
                          rf"第([{CN}\d]{{1,4}})条"),
    "chapter": re.compile(rf"(?:(?<=^)|(?<=[\s。；;])|(?<=[，,、.．])(?=第[{CN}\d]{{1,3}}章[、.．,，\s](?!第)))"
                          rf"第([{CN}\d]{{1,3}})章"),
}


def _runs(pattern: re.Pattern, text: str) -> list[int]:
    """Starts of the markers that count up from one without a gap (a restart at one is allowed:
    （一）（二） under 一、 and again under 二、)."""
    out, expected = [], 1
    for m in pattern.finditer(text):
        n = cn_number(m.group(1))
        if n == 1:
            expected = 1
        if n == expected:
            out.append(m.start())
            expected += 1
    return out


def split_points(text: str, flattened: bool = False) -> list[int]:
    """Offsets in `text` to start a new line at: before each 一是/二是 run of two or more; and
    in a `flattened` page, before every counted-up numbering marker."""
    points = set()
    shi = _runs(_SHI, text)
    if len(shi) >= 2:
        points.update(shi)
    if flattened:
        for pattern in _INLINE.values():
            found = _runs(pattern, text)
            if len(found) >= 2:
                points.update(found)
    return sorted(p for p in points if p > 0)
