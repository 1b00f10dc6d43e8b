"""Citations: every 《title》 (nested 〈〉 and <> handled) and 文号 a document names.

A citation is **implements** when the document says it is made under it — in its
title (贯彻落实《…》推进计划) or in a front-matter or preamble sentence with a cue
(根据/按照/为贯彻落实 …, data in ``data/structure.toml``) — and **mentions** when a
provision names it (regulations to revise, draft, publicise or carry out).
References to the document itself (its own title or a 以下简称 alias) are dropped.

>>> [t for _, _, t in find_titles("根据《中共河南省委办公厅印发〈关于强化知识产权保护的实施意见〉的通知》精神")]
['中共河南省委办公厅印发〈关于强化知识产权保护的实施意见〉的通知']
>>> title_key("《2023-2025年贯彻落实<关于进一步 强化全区知识产权保护的具体措施> 推进计划》")
'2023-2025年贯彻落实〈关于进一步强化全区知识产权保护的具体措施〉推进计划'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from policykg.loaders.docnumbers import DOC_NUMBER, find_doc_numbers
from policykg.loaders.reading import to_simplified

MAX_TITLE = 160
MAX_DEPTH = 4
_CJK = r"\u4e00-\u9fa5"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}《》〈〉<>“”()（）\d])\s+(?=[{_CJK}《》〈〉<>“”()（）])|(?<=[{_CJK}《》〈〉<>])\s+(?=\d)")
SENTENCE_BOUNDARY = re.compile(r"[。；;！!？?\n]")


@dataclass
class Citation:
    title: str | None           # display title, nested quotes as 〈〉
    doc_number: str | None      # normalised 〔YYYY〕
    relation: str               # "implements" | "mentions"
    evidence: str               # the sentence that cites it
    span: tuple[int, int]       # of the 《title》 or 文号 in the source
    where: str                  # "title" | "front" | "preamble" | "provision"
    provision: int | None = None  # ordinal of the provision it stands in

    def as_dict(self) -> dict:
        return {"title": self.title, "doc_number": self.doc_number, "relation": self.relation,
                "evidence": self.evidence, "span": list(self.span), "where": self.where}


def display_title(raw: str) -> str:
    """Spaces between CJK removed; inner <> and 《》 written as 〈〉."""
    t = raw.strip()
    if t.startswith("《") and t.endswith("》"):
        t = t[1:-1]
    t = _CJK_GAP.sub("", t)
    return t.replace("<", "〈").replace(">", "〉").replace("《", "〈").replace("》", "〉")


def title_key(raw: str) -> str:
    """A matching key: simplified, no spaces, brackets and dashes unified."""
    t = display_title(to_simplified(raw))
    t = re.sub(r"\s+", "", t)
    return t.translate(str.maketrans({"（": "(", "）": ")", "—": "-", "–": "-", "－": "-", "〔": "(", "〕": ")",
                                      "[": "(", "]": ")", "“": '"', "”": '"', "，": ",", "、": ","}))


def scan_titles(text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    """``(titles, problems)``: every outermost 《…》 as ``(start, end, inner)``, and
    ``(offset, problem)`` for each 《 that opens no title and each 》 that closes none.

    Quotes nest (《…〈…《…》…〉…》); a title whose inner quote was opened with 〈 but
    closed with 》 (a common typing slip) is closed at its last 》. A title ends
    within its sentence, within MAX_TITLE characters and MAX_DEPTH levels of
    quotes; the scan is linear in practice (each 《 looks at most MAX_TITLE ahead).

    >>> scan_titles("贯彻《关于印发〈关于《强化保护》的意见〉的通知》和《条例")
    ([(2, 24, '关于印发〈关于《强化保护》的意见〉的通知')], [(25, 'is never closed')])
    >>> scan_titles("意见》。" + "《" * 9 + "题" + "》" * 9)[1][:2]
    [(2, 'closes no title'), (4, 'opens quotes nested more than 4 deep')]
    """
    titles: list[tuple[int, int, str]] = []
    problems: list[tuple[int, str]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "》":
            problems.append((i, "closes no title"))
        if c != "《":
            i += 1
            continue
        stack, j, problem = ["《"], i + 1, "is never closed"
        while j < n and stack:
            c = text[j]
            if j - i > MAX_TITLE:
                problem = f"runs over {MAX_TITLE} characters without closing"
                break
            if c in "\n。；":
                break
            if c in "《〈<":
                stack.append(c)
                if len(stack) > MAX_DEPTH:
                    problem = f"opens quotes nested more than {MAX_DEPTH} deep"
                    break
            elif c in "〉>":
                if stack[-1] in "〈<":
                    stack.pop()
            elif c == "》":
                stack.pop()         # closes 《, or a 〈 typed with the wrong closing quote
            j += 1
        if not stack:
            titles.append((i, j, text[i + 1:j - 1]))
            i = j
        else:
            problems.append((i, problem))
            i += 1
    return titles, problems


def find_titles(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, inner)`` for every outermost 《…》 (see :func:`scan_titles`)."""
    return scan_titles(text)[0]


def sentence_around(text: str, a: int, b: int) -> tuple[int, int]:
    start = a
    while start > 0 and not SENTENCE_BOUNDARY.match(text[start - 1]):
        start -= 1
    end = b
    while end < len(text) and not SENTENCE_BOUNDARY.match(text[end]):
        end += 1
    if end < len(text) and text[end] in "。；;！!？?":
        end += 1
    return start, end


def _relation(norm: str, where: str, s: int, a: int, b: int, e: int, cues, making) -> str:
    """implements or mentions, for a citation at ``[a, b)`` in the sentence ``[s, e)``."""
    cued = any(c in norm[s:a] for c in cues)
    if where == "title" or (where in ("front", "preamble") and cued):
        return "implements"
    if cued and any(m in norm[b:e] for m in making):
        return "implements"
    return "mentions"


def extract(norm: str, display: str, where: str, cues: list[str], own_keys: set[str],
            own_number: str | None, to_source=None, provision: int | None = None,
            titles: list[tuple[int, int, str]] | None = None, making: list[str] = ()) -> list[Citation]:
    """Citations in one passage.

    A citation is ``implements`` (the document is made under it) when it stands in the title,
    or in the front matter or preamble after a cue (根据, 贯彻落实 …), or anywhere — a
    regulation's first article, say — in a sentence that has a cue before it and one of the
    `making` cues (制定本办法, 通知如下 …) after it; otherwise ``mentions``.

    `norm` and `display` are the passage in simplified and original characters
    (same length); `to_source(i)` turns an offset in the passage into one in the
    source file. `own_keys` are title keys that name the document itself; `titles`
    are the passage's titles when the caller has scanned them already.
    """
    to_src = to_source or (lambda i: i)
    out: list[Citation] = []
    titles = find_titles(norm) if titles is None else titles
    taken: list[tuple[int, int]] = [(a, b) for a, b, _ in titles]
    for a, b, inner in titles:
        key = title_key(inner)
        # （中发〔2021〕32号） or （中发〔2021〕32号，以下简称《纲要》）
        m = re.match(r"\s*[（(]\s*" + DOC_NUMBER.pattern + r"\s*(?:[，,；;、][^（）()]{0,40})?[）)]", norm[b:])
        number = None
        if m:
            number = f"{m.group('prefix')[-6:]}〔{m.group('year')}〕{int(m.group('serial'))}号"
            taken.append((b, b + m.end()))
        if key in own_keys or (number and number == own_number):
            continue
        s, e = sentence_around(norm, a, b)
        relation = _relation(norm, where, s, a, b, e, cues, making)
        out.append(Citation(display_title(display[a:b]), number, relation, display[s:e].strip(),
                            (to_src(a), to_src(b - 1) + 1), where, provision))
    for d in find_doc_numbers(norm):
        if any(x <= d.start < y for x, y in taken) or d.text == own_number:
            continue
        s, e = sentence_around(norm, d.start, d.end)
        relation = _relation(norm, where, s, d.start, d.end, e, cues, making)
        out.append(Citation(None, d.text, relation, display[s:e].strip(),
                            (to_src(d.start), to_src(d.end - 1) + 1), where, provision))
    return out
