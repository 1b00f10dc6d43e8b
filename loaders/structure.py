"""Structure: segment a cleaned document into front matter, sections, provisions, closing.

The outline comes from the document's own numbering — ``一、``, ``（一）``/``(一)``,
``1.``/``1、``, ``(1)``, bullets (``-``, ``●``, ``——``) and short un-numbered
heading lines — with levels given by the order in which each kind of marker
first appears (the usual way Chinese policy documents nest). Rules:

* a numbered line with a sentence of its own is a provision; a short line with
  no full stop is a heading;
* paragraphs under a numbered heading with no sub-items form one provision;
* paragraphs under an un-numbered heading with no sub-items are one provision each;
* paragraphs under a heading that has sub-items, and paragraphs before the
  first heading (the preamble), are framing;
* provisions under a framing heading (总体要求, 指导思想, …; data in
  ``data/structure.toml``) are framing; every other provision is an item.

Every character of the source ends up in exactly one segment (noise, front,
heading, provision, closing) or is whitespace — see :func:`segments`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from policykg.loaders.cleaning import Cleaned, Line
from policykg.loaders.agencies import LABELLED
from policykg.loaders.docnumbers import doc_number_line
from policykg.loaders.datafiles import structure_vocabulary

CN_NUM = "一二三四五六七八九十百零〇"
MARKERS: list[tuple[str, re.Pattern]] = [
    # regulations and measures in articles: 第一章 > 第一节 > 第一条
    # (a damaged page may leave 、 . or , after the number: 第一条、为了…)
    ("chapter", re.compile(rf"^(第\s*[{CN_NUM}\d]+\s*章)[\s、，,.．]*")),
    ("part", re.compile(rf"^(第\s*[{CN_NUM}\d]+\s*节)[\s、，,.．]*")),
    ("article", re.compile(rf"^(第\s*[{CN_NUM}\d]+\s*条)[\s、，,.．]*")),
    # 一是…二是… in news reports (lines split at them by cleaning)
    ("cn_shi", re.compile(rf"^([{CN_NUM}]{{1,3}}是)(?=[^是])\s*")),
    ("cn_dun", re.compile(rf"^([{CN_NUM}]+)\s*[、．.]\s*")),
    ("cn_paren", re.compile(rf"^[（(]\s*([{CN_NUM}]+)\s*[）)]\s*")),
    ("arabic_paren", re.compile(r"^[（(]\s*(\d{1,5})\s*[）)]\s*")),
    ("arabic", re.compile(r"^(\d{1,5})\s*[.．、](?!\d)\s*")),
    ("circled", re.compile(r"^([①-⑳])\s*")),
    ("bullet", re.compile(r"^(——|—|－|-|●|•|·|▪|■|◆|○|◇)\s*")),
]
SENTENCE_END = re.compile(r"[。；;！!？?]")
#: a year, month and day written in Chinese numerals, as signature dates were before GB/T 9704-2012
#: (二〇二一年五月八日, 二○○七年六月三十日: ○ and O stand for 〇 in many pages)
CN_DATE = r"[〇○零OＯ一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月\s*[一二三四五六七八九十]{1,3}\s*日"
DATE_LINE = re.compile(rf"^[（(]?(?:\d{{4}}\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|{CN_DATE})(印发|发布|制定)?[）)]?$"
                       r"|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(\s+\d{1,2}:\d{2}(:\d{2})?)?$")
ADDRESSEE = re.compile(r"^各.{1,200}[:：]$")
#: a note of whose seal a signature bears, between the signature and its date: （某某局代章）
SEAL_NOTE = re.compile(r"^[（(][^（）()]{2,30}(代章|代印|盖章)[)）]$")
HEADING_MAX = 40
PLAIN_HEADING_MAX = 30


@dataclass
class Node:
    kind: str              # marker type, "plain" for an un-numbered heading, "root"
    line: Line | None
    label: str = ""        # "（一）", "1.", "-" …
    rest_offset: int = 0   # chars of the line's norm text taken by the label
    rest: str = ""         # norm text after the label
    rest_text: str = ""    # the same, as written (traditional stays traditional)
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    paragraphs: list[Line] = field(default_factory=list)
    #: chars of the line the marker covers in the source, punctuation after the number included
    #: (第一条、: the label is 第一条, the marker four characters)
    marker_len: int = 0

    @property
    def heading_only(self) -> bool:
        if self.kind == "plain":
            return True
        # a heading never ends on a comma: 第一条、为了…,制定本办法, is a sentence a damaged page cut
        return len(self.rest) <= HEADING_MAX and not SENTENCE_END.search(self.rest) \
            and not self.rest.rstrip().endswith((",", "，", "、"))


@dataclass
class Section:
    key: int
    number: str | None
    heading: str               # as written
    level: int
    parent: int | None
    line: Line
    heading_norm: str = ""     # simplified, for matching


@dataclass
class ProvisionDraft:
    ordinal: int
    number: str | None
    heading: str | None        # as written
    section: int | None        # Section.key
    kind: str                  # "item" | "framing"
    head: list[tuple[int, int]]       # the number label, or the whole heading line above the text
    fragments: list[tuple[int, int]]  # the provision's text, without its label
    breaks: frozenset[int] = frozenset()  # indices of fragments that start a new paragraph
    heading_norm: str | None = None       # simplified, for matching

    @property
    def span(self) -> tuple[int, int]:
        start = self.head[0][0] if self.head else self.fragments[0][0]
        return start, self.fragments[-1][1]


@dataclass
class Structure:
    cleaned: Cleaned
    title_lines: list[Line]
    front: list[tuple[Line, str]]       # (line, "title" | "metadata" | "addressee" | "front")
    closing: list[tuple[Line, str]]     # (line, "signature" | "date" | "metadata")
    sections: list[Section]
    provisions: list[ProvisionDraft]

    def text(self, fragments) -> str:
        src = self.cleaned.source.text
        return "".join(src[a:b] for a, b in fragments)

    def provision_text(self, p: ProvisionDraft) -> str:
        """Display text: fragments of one line run on; separate lines on new lines."""
        return join_fragments(self.cleaned.source.text, p.fragments, p.breaks)


def join_fragments(src: str, fragments, breaks=frozenset()) -> str:
    """Fragments of `src` joined, with a newline before each fragment index in `breaks`."""
    return "".join(("\n" if i in breaks else "") + src[a:b] for i, (a, b) in enumerate(fragments))


def _flatten(lines_fragments: list[list[tuple[int, int]]]) -> tuple[list[tuple[int, int]], frozenset[int]]:
    frags, breaks = [], set()
    for fl in lines_fragments:
        if not fl:
            continue
        if frags:
            breaks.add(len(frags))
        frags.extend(fl)
    return frags, frozenset(breaks)


def match_marker(text: str) -> tuple[str, str, int] | None:
    """``(type, label, offset of the text after the label)`` or None.

    >>> match_marker("（十二）加强跨区域协作。")
    ('cn_paren', '（十二）', 4)
    >>> match_marker("2023年计划") is None
    True
    """
    for kind, pattern in MARKERS:
        m = pattern.match(text)
        if m:
            # 第一条 as numbered, without what a damaged page left after it (第一条、)
            label = m.group(1) if kind in _NUMBERED_ONLY else text[: m.end()].strip()
            return kind, label, m.end()
    return None


#: markers whose label is the number alone, whatever punctuation follows it
_NUMBERED_ONLY = frozenset({"chapter", "part", "article"})


def is_title_like(text: str) -> bool:
    vocab = structure_vocabulary()
    t = re.sub(r"\s+", "", text)
    if not t or len(t) > 100 or SENTENCE_END.search(t) or t[-1] in "，,：:、":
        return False
    if re.match(r"^.{0,40}关于印发.*《.+》.*的(通知|通告)$", t):
        return True
    core = re.sub(r"[（(][^（()）]{1,30}[)）]$", "", t)   # …行动计划（2022—2024年）
    return any(core.endswith(e) for e in vocab["title_endings"])


#: the characters of a title's first half wrapped onto the next line (no punctuation that ends a line)
_TITLE_HEAD = re.compile(r"[\u4e00-\u9fa5\d（）()《》〈〉“”\-—－～~]+")


def is_title_head(head: str, rest: str) -> bool:
    """Whether `head` is the first half of a title wrapped onto the next line, `rest`: the
    title's genre word alone (…示范区建设 / 工作方案（2022-2025年）), or a 关于… opening whose
    line ends before the title does (区政府关于印发通州区 / 江苏省…方案的通知). Never a name
    of an organisation (the issuer above its title), a date, a 文号 or a sentence.

    >>> is_title_head("通州区知识产权保护示范区建设", "工作方案（2022-2025年）")
    True
    >>> is_title_head("区政府关于印发通州区", "知识产权保护示范区建设工作方案的通知")
    True
    >>> is_title_head("南通市通州区人民政府", "关于加强知识产权保护的实施意见")
    False
    >>> is_title_head("附件", "工作方案"), is_title_head("(", "工作方案")
    (False, False)
    """
    h, t = re.sub(r"\s+", "", head), re.sub(r"\s+", "", rest)
    if not h or not t or len(h) > 40 or not _TITLE_HEAD.fullmatch(h) or h[-1] in "）)》〉”":
        return False
    if len(re.findall(r"[\u4e00-\u9fa5]", h)) < 2 or re.fullmatch(r"附件\d*", h):     # (, 附件, 附件2
        return False
    if is_title_like(h) or is_metadata_line(h) or is_organisation_line(h):
        return False
    core = re.sub(r"[（(][^（()）]{1,30}[)）]$", "", t)
    bare = len(core) <= 6                                   # 工作方案, 实施意见, 行动计划
    opening = "关于" in h and "关于" not in t
    return (bare or opening) and is_title_like(h + t)


_BOXED_LABEL = re.compile(r"[\[［【]\s*([\u4e00-\u9fa5][\u4e00-\u9fa5 ]{0,8}?)\s*[\]］】]\s*[|｜]?\s*")
_PIPES = re.compile(r"(?:(?<=\S)|^)\s*[|｜]\s*")      # tried once per run of spaces: linear


def unboxed(text: str) -> str:
    """A portal's metadata table row as ``label：value`` pairs: ``[ 发文字号 ] | 某府发〔2025〕12号 |``
    reads as ``发文字号：某府发〔2025〕12号``.

    >>> unboxed("[ 发文字号 ] | 某府发〔2025〕12号 | [ 成文日期 ] | 2025-06-23 |")
    '发文字号：某府发〔2025〕12号  成文日期：2025-06-23'
    >>> unboxed("关于印发《某某》的通知")
    '关于印发《某某》的通知'
    """
    if "]" not in text and "］" not in text and "】" not in text:
        return text
    return _PIPES.sub("  ", _BOXED_LABEL.sub(lambda m: m.group(1).replace(" ", "") + "：", text)).strip()


#: a title's years or status alone on the line under it: （2025—2027年） （试行） （征求意见稿）
_TITLE_TAIL = re.compile(r"[（(][^（）()]{0,20}(\d{4}|试行|暂行|征求意见|修订|草案|送审稿)[^（）()]{0,20}[)）]")


def is_title_tail(text: str) -> bool:
    """Whether a line is only the years or status of the title above it (never a 文号).

    >>> is_title_tail("（2025—2027年）"), is_title_tail("（试行）"), is_title_tail("（某政办〔2008〕17号）"), is_title_tail("(此件公开发布)")
    (True, True, False, False)
    >>> [is_title_tail(t) for t in ("（2024年7月15日）", "（2023年12月）", "（2021年市政府常务会议通过）", "（2022年起施行）")]
    [False, False, False, False]
    """
    t = re.sub(r"\s+", "", text)
    # not a 文号, a date (（2024年7月15日）, （2023年12月）) or a note of its adoption (…会议通过, …起施行)
    return bool(_TITLE_TAIL.fullmatch(t)) and "号" not in t and not re.search(r"[月日]", t) \
        and not re.search(r"(通过|公布|施行|实施|发布|印发)[)）]$", t)


def is_metadata_line(text: str) -> bool:
    t = unboxed(text.strip())
    if DATE_LINE.match(t) or doc_number_line(t):   # a date, or a 文号 alone on its line (bracketed, dated)
        return True
    labels = structure_vocabulary()["metadata_labels"]
    return any(re.match(rf"^{re.escape(lab)}\s*[:：]", t) for lab in labels) or bool(
        re.search(r"(发布时间|发布日期|信息来源)\s*[:：]", t))


def is_organisation_line(text: str) -> bool:
    t = re.sub(r"\s+", "", text)
    if not t or len(t) > 40 or SENTENCE_END.search(t) or re.search(r"[,，:：]", t):
        return False
    return any(t.endswith(e) for e in structure_vocabulary()["organisation_endings"])


def _is_plain_heading(text: str, has_next: bool) -> bool:
    """An un-numbered heading line; never a 牵头单位：… / 完成时限：… line under an item."""
    t = text.strip()
    return (has_next and 2 <= len(t) <= PLAIN_HEADING_MAX and not SENTENCE_END.search(t)
            and t[-1] not in "，,：:、）)”\"" and not DATE_LINE.match(t) and not LABELLED.match(t))


def _closing_start(cleaned: Cleaned, lines: list[Line]) -> int:
    i = len(lines)
    while i > 0:
        t = cleaned.line_norm(lines[i - 1]).strip()
        if DATE_LINE.match(t) or is_organisation_line(t) or is_metadata_line(t) or SEAL_NOTE.match(t) \
                or re.match(r"^(抄送|印发)[:：]", t):
            i -= 1
        else:
            break
    return i


def segment(cleaned: Cleaned) -> Structure:
    lines = cleaned.lines
    norms = [cleaned.line_norm(l).strip() for l in lines]
    vocab = structure_vocabulary()

    first_marker = next((i for i, t in enumerate(norms) if match_marker(t)), len(lines))
    # a title wrapped onto two lines is one title line (its fragments keep their source spans); the
    # cleaned text has the merged lines from here on (metadata reads cleaned.lines)
    lines = cleaned.lines = list(lines)
    i = 1
    while i < first_marker:
        if (is_title_like(norms[i]) and is_title_head(norms[i - 1], norms[i])) or \
                (is_title_like(norms[i - 1]) and is_title_tail(norms[i])):
            lines[i - 1:i + 1] = [Line(lines[i - 1].fragments + lines[i].fragments, lines[i - 1].physical)]
            norms[i - 1:i + 1] = [norms[i - 1] + norms[i]]
            first_marker -= 1
        else:
            i += 1
    title_idx = [i for i in range(first_marker) if is_title_like(norms[i])]
    meta_idx = [i for i in range(first_marker) if is_metadata_line(norms[i])]
    body_start = max(title_idx[-1:] + meta_idx[-1:], default=-1) + 1
    closing_start = max(_closing_start(cleaned, lines), body_start)

    front: list[tuple[Line, str]] = []
    for i in range(body_start):
        kind = "title" if i in title_idx else "metadata" if i in meta_idx else "front"
        front.append((lines[i], kind))
    body = list(range(body_start, closing_start))
    if body and ADDRESSEE.match(norms[body[0]]):
        front.append((lines[body[0]], "addressee"))
        body = body[1:]
    closing = []
    for i in range(closing_start, len(lines)):
        t = norms[i]
        kind = "date" if DATE_LINE.match(t) else "metadata" if is_metadata_line(t) else "signature"
        closing.append((lines[i], kind))

    # outline
    root = Node("root", None)
    stack: list[Node] = []
    for pos, i in enumerate(body):
        t = norms[i]
        m = match_marker(t)
        if m is None and _is_plain_heading(t, pos + 1 < len(body)):
            m = ("plain", "", 0)
        if m is None:
            (stack[-1] if stack else root).paragraphs.append(lines[i])
            continue
        kind, label, offset = m
        if any(n.kind == kind for n in stack):
            while stack[-1].kind != kind:
                stack.pop()
            stack.pop()
        parent = stack[-1] if stack else root
        shown = cleaned.line_text(lines[i]).strip()
        node = Node(kind, lines[i], label, offset, t[offset:].strip(), shown[offset:].strip(), parent,
                    marker_len=len(t[:offset].rstrip()))
        parent.children.append(node)
        stack.append(node)

    sections: list[Section] = []
    provisions: list[ProvisionDraft] = []

    def framing_heading(text: str) -> bool:
        return any(w in text for w in vocab["framing_headings"])

    def add_provision(number, heading, section, framing, head, lines_fragments, node=None):
        fragments, breaks = _flatten(lines_fragments)
        if not fragments:
            return
        shown = node.rest_text[:len(heading)] if (node is not None and heading) else heading
        provisions.append(ProvisionDraft(len(provisions) + 1, number, shown, section,
                                         "framing" if framing else "item", head or [], fragments, breaks,
                                         heading))

    def add_section(node, heading_norm, section, level):
        key = len(sections) + 1
        sections.append(Section(key, node.label or None, node.rest_text[:len(heading_norm)], level, section,
                                node.line, heading_norm))
        return key

    def line_rest(node: Node) -> list[tuple[int, int]]:
        """Fragments of the node's line after its label."""
        skip, out = node.rest_offset, []
        # the label is measured on the stripped norm text; the line's fragments are stripped too
        for a, b in node.line.fragments:
            if skip >= b - a:
                skip -= b - a
                continue
            a2 = a + skip
            skip = 0
            src = cleaned.source.text
            while a2 < b and src[a2].isspace():
                a2 += 1
            if a2 < b:
                out.append((a2, b))
        return out

    def label_span(node: Node) -> list[tuple[int, int]]:
        if not node.label:
            return []
        a = node.line.fragments[0][0]
        return [(a, a + (node.marker_len or len(node.label)))]

    def para_fragments(paragraphs: list[Line]) -> list[list[tuple[int, int]]]:
        return [list(p.fragments) for p in paragraphs]

    def walk(node: Node, section: int | None, level: int, framing: bool) -> None:
        for child in node.children:
            heading_text = child.rest if child.heading_only else (_lead_heading(child.rest) or "")
            is_framing = framing or framing_heading(heading_text)
            if child.heading_only and (child.children or child.kind == "plain" or not child.paragraphs):
                key = add_section(child, child.rest, section, level)
                if child.children:
                    for p in child.paragraphs:   # intro paragraphs of a section with sub-items
                        add_provision(None, None, key, True, None, [list(p.fragments)])
                else:
                    for p in child.paragraphs:   # un-numbered paragraphs under a heading
                        add_provision(None, None, key, is_framing, None, [list(p.fragments)])
                walk(child, key, level + 1, is_framing)
            elif child.heading_only:
                # a numbered heading whose body is the paragraphs below it
                add_provision(child.label or None, child.rest, section, is_framing,
                              list(child.line.fragments), para_fragments(child.paragraphs), child)
            else:
                heading = _lead_heading(child.rest)
                if child.children:
                    key = add_section(child, heading or child.rest, section, level)
                    add_provision(None, heading, key, True, [],
                                  [line_rest(child)] + para_fragments(child.paragraphs), child)
                    walk(child, key, level + 1, is_framing)
                else:
                    add_provision(child.label or None, heading, section, is_framing, label_span(child),
                                  [line_rest(child)] + para_fragments(child.paragraphs), child)

    for p in root.paragraphs:   # preamble
        add_provision(None, None, None, True, None, [list(p.fragments)])
    walk(root, None, 1, False)
    provisions.sort(key=lambda p: p.span[0])
    for n, p in enumerate(provisions, start=1):
        p.ordinal = n
    return Structure(cleaned, [lines[i] for i in title_idx], front, closing, sections, provisions)


def _lead_heading(rest: str) -> str | None:
    """The lead phrase of an item, when it opens with a short sentence of its own.

    >>> _lead_heading("完善证据规则。规范司法、行政执法、仲裁、调解等不同渠道的证据标准。")
    '完善证据规则'
    >>> _lead_heading("积极创建国家知识产权保护示范区,打造全国知识产权保护高地。(区知识产权工作领导小组;持续推进)") is None
    True
    """
    m = re.match(r"^([^。；;]{2,24})[。；;]", rest)
    if not m:
        return None
    after = rest[m.end():].strip()
    if not after or after[0] in "（(":
        return None
    return m.group(1).strip()


def segments(structure: Structure) -> list[tuple[int, int, str]]:
    """Every classified span of the source: ``(start, end, category)``, sorted.

    Categories: noise, front, heading, provision, closing. What they leave out of
    the source is whitespace only; the tests check that.
    """
    out: list[tuple[int, int, str]] = []
    out += [(r.start, r.end, "noise") for r in structure.cleaned.removals]
    for line, _ in structure.front:
        out += [(a, b, "front") for a, b in line.fragments]
    for line, _ in structure.closing:
        out += [(a, b, "closing") for a, b in line.fragments]
    for s in structure.sections:
        out += [(a, b, "heading") for a, b in s.line.fragments]
    for p in structure.provisions:
        out += [(a, b, "provision") for a, b in p.head]
        out += [(a, b, "provision") for a, b in p.fragments]
    # a section made from a content line also gave its text to a framing provision
    covered: dict[tuple[int, int], str] = {}
    for a, b, c in out:
        covered.setdefault((a, b), c)
    return sorted((a, b, c) for (a, b), c in covered.items())
