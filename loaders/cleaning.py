"""Cleaning: remove web chrome, OCR artefacts and injected spam; rejoin page breaks.

Works on character spans of the original text, so nothing moves: what is kept
is a list of logical lines, each a list of fragments ``(start, end)`` into the
source, and what is removed is a list of :class:`Removal` records. Kept lines,
removals and whitespace together cover the source exactly.

Rules are data (``data/noise.toml``); the spam detector is general: a run of
name-like characters ending in spam vocabulary (官方网站, 娱乐, …) whose name part
is no place or organisation, confirmed by recurrence, and then removed wherever
it or its bare name recurs.

>>> from policykg.loaders.reading import decode_bytes
>>> src = decode_bytes("正文第一行没有结束的句子被分页切断在这里加\\n\\n— 1 —\\n\\n加强保护。\\n".encode(), "x.txt")
>>> cleaned = clean(src)
>>> [cleaned.line_text(l) for l in cleaned.lines]
['正文第一行没有结束的句子被分页切断在这里加强保护。']
>>> sorted({r.reason for r in cleaned.removals})
['character repeated across a page break', 'page number']
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from policykg.loaders.datafiles import DATA_DIR, data_file, require
from policykg.loaders.reading import SourceText
from policykg.loaders.relining import split_points

TERMINAL = set("。！？；：!?;:…")
CLOSERS = set("）)」”』】")
# A line opening with one of these is structure, never a continuation.
MARKER_START = re.compile(
    r"^\s*([一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,5}[.．、](?!\d)|[（(]\d{1,5}[）)]|[-—●•·▪■◆])"
)


@dataclass(frozen=True)
class Removal:
    step: str       # chrome | ocr | spam
    reason: str
    start: int
    end: int
    text: str

    def as_dict(self, redact: frozenset[str] = frozenset()) -> dict:
        """As plain data. Spam removals keep their span only, and the strings in
        `redact` (the spam found) are blanked out of any other removed text."""
        text = None if self.step == "spam" and redact else self.text
        if text:
            for spam in sorted(redact, key=len, reverse=True):
                text = text.replace(spam, "[spam]")
        return {"step": self.step, "reason": self.reason, "span": [self.start, self.end], "text": text}


@dataclass
class Line:
    """A logical line: one or more fragments of the source, joined for reading."""
    fragments: list[tuple[int, int]]
    physical: int  # 1-based number of the first physical line

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


@dataclass
class Cleaned:
    source: SourceText
    lines: list[Line]
    removals: list[Removal] = field(default_factory=list)

    def line_text(self, line: Line) -> str:
        return "".join(self.source.text[a:b] for a, b in line.fragments)

    def line_norm(self, line: Line) -> str:
        return "".join(self.source.norm[a:b] for a, b in line.fragments)


@dataclass(frozen=True)
class _Rule:
    step: str
    reason: str
    scope: str
    pattern: re.Pattern


@functools.cache
def _rules() -> tuple[tuple[_Rule, ...], dict]:
    path = DATA_DIR / "noise.toml"
    doc = data_file("noise")
    require(path, doc, {"rules": list, "spam": dict})
    rules = []
    for i, r in enumerate(doc["rules"]):
        require(path, r, {"step": str, "reason": str, "scope": str, "pattern": str}, where=f"rules[{i}]: ")
        if r["scope"] not in ("line", "inline"):
            from policykg.graph.errors import DataFileError
            raise DataFileError(path, f"rules[{i}]: scope must be 'line' or 'inline'")
        rules.append(_Rule(r["step"], r["reason"], r["scope"], re.compile(r["pattern"])))
    require(path, doc["spam"], {"vocabulary": list, "legit_name_endings": list}, where="spam: ")
    return tuple(rules), doc["spam"]


@functools.cache
def _ruby() -> tuple[str, str, re.Pattern, re.Pattern, int]:
    path = DATA_DIR / "noise.toml"
    r = data_file("noise").get("ruby")
    require(path, {"ruby": r}, {"ruby": dict})
    require(path, r, {"step": str, "reason": str, "pattern": str, "syllable": str, "min_count": int}, where="ruby: ")
    return r["step"], r["reason"], re.compile(r["pattern"]), re.compile(r["syllable"]), r["min_count"]


_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙÜ",
                       "aaaaeeeeiiiioooouuuuüüüüaaaaeeeeiiiioooouuuuü")


def pinyin_ruby(norm: str) -> list[tuple[int, int]]:
    """Spans of pinyin ruby annotations (``產(chǎn)``), when the text holds enough to be annotated.

    >>> t = "知(zhī)识(shí)产(chǎn)权(quán)保护"
    >>> [t[a:b] for a, b in pinyin_ruby(t)]
    ['(zhī)', '(shí)', '(chǎn)', '(quán)']
    >>> pinyin_ruby("移动应用(app)、网站(www)和小程序(mini)")
    []
    """
    _, _, pattern, syllable, min_count = _ruby()
    spans = [m.span() for m in pattern.finditer(norm)
             if syllable.match(m.group(1).lower().translate(_TONES))]
    return spans if len(spans) >= min_count else []


def _physical_lines(text: str) -> list[tuple[int, int]]:
    """Spans of physical lines, without their line terminators."""
    spans, pos = [], 0
    for m in re.finditer(r"\r\n|\n|\r", text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _common_suffix(names: list[str]) -> str:
    out = names[0]
    for n in names[1:]:
        k = 0
        while k < min(len(out), len(n)) and out[-1 - k] == n[-1 - k]:
            k += 1
        out = out[len(out) - k:]
    return out


def find_spam(norm: str) -> list[tuple[int, int, str]]:
    """Spans of injected spam in a text: ``[(start, end, spam_string), …]``.

    >>> s = "来源:果博东方(中国)官方网站 市场局。提升果博东方(中国)官方网站 能力,打造“果博东方 造”品牌"
    >>> sorted({t for _, _, t in find_spam(s)})
    ['果博东方', '果博东方(中国)官方网站']
    """
    _, spam = _rules()
    if not any(word in norm for word in spam["vocabulary"]):
        return []           # every spam string ends in one of the words; most pages hold none
    vocab = "|".join(sorted(map(re.escape, spam["vocabulary"]), key=len, reverse=True))
    cand = re.compile(
        rf"(?P<name>[\u4e00-\u9fa5A-Za-z0-9]{{2,16}})(?P<region>[(（][\u4e00-\u9fa5]{{1,4}}[)）])?(?P<vocab>{vocab})"
    )
    groups: dict[str, list[str]] = {}
    for m in cand.finditer(norm):
        tail = (m.group("region") or "") + m.group("vocab")
        groups.setdefault(tail, []).append(m.group("name"))
    spans: list[tuple[int, int, str]] = []
    for tail, names in groups.items():
        stem = _common_suffix(names) if len(names) > 1 else names[0][-8:]
        if len(stem) < 2 or any(stem.endswith(e) for e in spam["legit_name_endings"]):
            continue
        full = stem + tail
        for m in re.finditer(re.escape(full), norm):
            spans.append((m.start(), m.end(), full))
        if len(stem) >= 3:
            for m in re.finditer(re.escape(stem), norm):
                if not any(a <= m.start() < b for a, b, _ in spans):
                    spans.append((m.start(), m.end(), stem))
    return sorted(spans)


class _Mask:
    """Which characters are removed, and why."""

    def __init__(self, text: str):
        self.text = text
        self.removed = [False] * len(text)
        self.removals: list[Removal] = []

    def remove(self, a: int, b: int, step: str, reason: str) -> None:
        # extend over adjacent spaces and tabs (not newlines), so no gap is left
        while b < len(self.text) and self.text[b] in " \t\u3000\xa0":
            b += 1
        a2, b2 = a, b
        while a2 < b2 and self.removed[a2]:
            a2 += 1
        while b2 > a2 and self.removed[b2 - 1]:
            b2 -= 1
        if a2 >= b2:
            return
        for i in range(a2, b2):
            self.removed[i] = True
        self.removals.append(Removal(step, reason, a2, b2, self.text[a2:b2]))

    def kept_fragments(self, a: int, b: int) -> list[tuple[int, int]]:
        frags, i = [], a
        while i < b:
            if self.removed[i]:
                i += 1
                continue
            j = i
            while j < b and not self.removed[j]:
                j += 1
            s, e = _strip_span(self.text, i, j)
            if s < e:
                frags.append((s, e))
            i = j
        return frags


@functools.cache
def _word_frequency(word: str) -> int:
    """A word's frequency in jieba's dictionary (the process's one, with the domain words)."""
    from policykg.loaders.tagging import default_tagger
    return default_tagger().tokenizer.FREQ.get(word) or 0


def _is_body_cut(text: str) -> bool:
    """A line that stops mid-sentence: long, no terminal punctuation, not a heading."""
    t = text.rstrip()
    if len(t) < 20 or t[-1] in TERMINAL or t[-1] in CLOSERS:
        return False
    if MARKER_START.match(t) and len(t) <= 40:
        return False
    return True


def _bracket_open(text: str) -> bool:
    """A title in 《》 left open at the end of a line (inner 〈〉 are often mismatched)."""
    return text.count("《") > text.count("》") and text.rstrip()[-1] not in TERMINAL


def clean(source: SourceText) -> Cleaned:
    """Remove noise from one document and rebuild its logical lines."""
    rules, _ = _rules()
    text, norm = source.text, source.norm
    mask = _Mask(text)
    physical = _physical_lines(text)
    # a page flattened onto one line is cut back into lines before the line rules see it (a
    # breadcrumb at its start would otherwise take the whole page with it)
    numbers = [n for n, span in enumerate(physical, start=1) for _ in _unflatten(norm, span, physical)]
    physical = [piece for span in physical for piece in _unflatten(norm, span, physical)]

    # 0. repairs before anything reads the text: pinyin ruby after every character
    ruby_step, ruby_reason, *_ = _ruby()
    for a, b in pinyin_ruby(norm):
        mask.remove(a, b, ruby_step, ruby_reason)

    # 1. line and inline rules
    for a, b in physical:
        s, e = _strip_span(text, a, b)
        if s >= e:
            continue
        line = norm[s:e]
        for rule in rules:
            if rule.scope == "line" and rule.pattern.search(line):
                mask.remove(s, e, rule.step, rule.reason)
                break
        else:
            for rule in rules:
                if rule.scope == "inline":
                    for m in rule.pattern.finditer(line):
                        mask.remove(s + m.start(), s + m.end(), rule.step, rule.reason)

    # 2. injected spam, anywhere
    for a, b, found in find_spam(norm):
        mask.remove(a, b, "spam", "injected spam")

    # 3. logical lines from what is kept
    raw: list[tuple[Line, list[str]]] = []   # line, with the noise steps seen since the previous line
    pending_noise: list[str] = []
    blank_run = 0
    removal_starts = {r.start: r for r in mask.removals}
    for n, (a, b) in zip(numbers, physical):
        frags = mask.kept_fragments(a, b)
        s, e = _strip_span(text, a, b)
        whole_removed = s < e and all(mask.removed[i] for i in range(s, e))
        if whole_removed:
            r = removal_starts.get(s)
            pending_noise.append(r.step if r else "noise")
        if not frags:
            if not whole_removed:
                blank_run += 1
            continue
        raw.append((Line(frags, n), pending_noise + ["blank"] * blank_run))
        pending_noise, blank_run = [], 0

    # 4. rejoin page breaks and titles wrapped inside 《》
    lines: list[Line] = []
    for line, gap in raw:
        if lines:
            prev = lines[-1]
            prev_text = "".join(norm[x:y] for x, y in prev.fragments)
            this_text = "".join(norm[x:y] for x, y in line.fragments)
            page_break = "ocr" in gap or gap.count("blank") >= 2
            cut = page_break and _is_body_cut(prev_text) and not MARKER_START.match(this_text)
            wrapped = _bracket_open(prev_text) and len(gap) <= 1
            if cut or wrapped:
                if cut and prev_text[-1] == this_text[0] and "\u4e00" <= this_text[0] <= "\u9fa5" \
                        and _word_frequency(this_text[0] * 2) < 100:
                    a, b = line.fragments[0]
                    mask.remove(a, a + 1, "ocr", "character repeated across a page break")
                    line.fragments[0] = (a + 1, b)
                prev.fragments.extend(line.fragments)
                continue
        lines.append(line)

    # 5. lines a page lost: a flattened page, and 一是…二是… inside a paragraph (loaders/relining.py)
    lines = _reline(lines, norm)
    mask.removals.sort(key=lambda r: r.start)
    return Cleaned(source=source, lines=lines, removals=mask.removals)


#: a line at least this long holding at least half of a document's text is a flattened page
FLATTENED_MIN = 80


def _unflatten(norm: str, span: tuple[int, int], physical: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A flattened physical line cut where its lines were: at each numbering run
    (:func:`split_points`) and at each run of spaces, which re-posts keep where breaks were."""
    a, b = span
    total = sum(y - x for x, y in physical) or 1
    if b - a < FLATTENED_MIN or (b - a) * 2 < total:
        return [span]
    t = norm[a:b]
    cuts = set(split_points(t, flattened=True))
    # at spaces too, but not inside a breadcrumb (首页 > 通知公告) or a control row (字号：大 中 小)
    cuts.update(m.end() for m in re.finditer(r"[ \t\u3000\xa0]+", t) if 0 < m.start() and m.end() < len(t)
                and not re.search(r"[>＞›»/|｜]$", t[:m.start()])
                and not re.match(r"[>＞›»/|｜]|\S{1,2}(\s|$)", t[m.end():]))
    bounds = [0] + sorted(c for c in cuts if 0 < c < len(t)) + [len(t)]
    return [(a + x, a + y) for x, y in zip(bounds, bounds[1:]) if y > x]


def _reline(lines: list[Line], norm: str) -> list[Line]:
    texts = ["".join(norm[a:b] for a, b in l.fragments) for l in lines]
    total = sum(map(len, texts)) or 1
    out: list[Line] = []
    for line, t in zip(lines, texts):
        flattened = len(t) >= FLATTENED_MIN and len(t) * 2 >= total
        points = split_points(t, flattened) if flattened or not MARKER_START.match(t) else []
        out += _split_line(line, points) if points else [line]
    return out


def _split_line(line: Line, points: list[int]) -> list[Line]:
    """The line cut before each offset of its joined text (fragments keep their source spans)."""
    pieces: list[list[tuple[int, int]]] = [[]]
    pos, cuts = 0, list(points)
    for a, b in line.fragments:
        while cuts and pos <= cuts[0] < pos + (b - a):
            cut = a + cuts.pop(0) - pos
            if cut > a:
                pieces[-1].append((a, cut))
            pieces.append([])
            pos += cut - a
            a = cut
        if a < b:
            pieces[-1].append((a, b))
        pos += b - a
    return [Line(_stripped(f), line.physical) for f in pieces if _stripped(f)]


def _stripped(fragments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in fragments if b > a]
