"""One document through the pipeline: read → clean → segment → extract.

Plain data out (:class:`Document`), ready for the graph builder and for
``policykg inspect``.

>>> from policykg.loaders.manifest import Jurisdiction, DocumentEntry
>>> from policykg.loaders.datafiles import DEFAULT_CORPUS
>>> j = Jurisdiction("luohe", "漯河市", "Luohe", "city", "henan")
>>> doc = parse_document(DocumentEntry("luohe", DEFAULT_CORPUS / "luohe.txt", "luohe", {}), j)
>>> doc.doc_number, len([p for p in doc.provisions if p.kind == "item"])
('漯办〔2020〕19号', 9)
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, field

from policykg.graph.errors import LoadError
from policykg.loaders import agencies as agencies_mod
from policykg.loaders import themes as themes_mod
from policykg.loaders.citations import Citation, extract as extract_citations, scan_titles, title_key
from policykg.loaders.cleaning import Removal, clean
from policykg.loaders.datafiles import structure_vocabulary
from policykg.loaders.manifest import DocumentEntry, Jurisdiction
from policykg.loaders.docnumbers import normalize_doc_number
from policykg.loaders.metadata import ALIAS, extract_metadata
from policykg.loaders.reading import read_source
from policykg.loaders.quantities import frequencies, quantities
from policykg.loaders.reuse_text import MIN_ALIGNED as REUSE_MIN, clean as reuse_clean
from policykg.loaders.tagging import enumerations
from policykg.loaders.search_terms import TermCounts, counts as term_counts, provision_text
from policykg.loaders.structure import Structure, join_fragments, segment, segments


@dataclass
class SectionRecord:
    id: str
    number: str | None
    heading: str
    level: int
    parent: str | None
    span: tuple[int, int]
    themes: list[str]


@dataclass
class ProvisionRecord:
    id: str
    ordinal: int
    number: str | None
    heading: str | None
    text: str
    norm: str
    body_norm: str          # without the responsibility clause: what tagging reads
    span: tuple[int, int]
    fragments: list[tuple[int, int]]
    section: str | None
    kind: str               # item | framing
    themes: list[str]
    agencies: list[dict]
    deadline: dict | None
    measures: list[dict] = field(default_factory=list)   # {measure, matched, span, strength} — span in the source file
    breaks: frozenset[int] = frozenset()                 # fragment indices that start a new paragraph
    #: the full-text index's term counts for this provision (its bigrams, counted in the parse
    #: worker; None only for records made otherwise)
    search_terms: TermCounts | None = None
    #: the text reuse detection compares and its offsets (:func:`policykg.loaders.reuse_text.clean`)
    reuse_clean: tuple[str, array] | None = None
    #: what the provision commits to in numbers (loaders.quantities), spans in the source file
    quantities: list[dict] = field(default_factory=list)
    frequencies: list[dict] = field(default_factory=list)

    def __getstate__(self):
        """What a parse worker sends back: the normalised texts only where they differ from the
        text (most provisions read the same normalised), the body as a length when it is the
        start of the normalised text (it is, unless a clause was cut from the middle)."""
        state = dict(self.__dict__)
        if state["norm"] == state["text"]:
            state["norm"] = None
        norm = self.norm
        if norm.startswith(state["body_norm"]):
            state["body_norm"] = len(state["body_norm"])
        return state

    def __setstate__(self, state):
        if state["norm"] is None:
            state["norm"] = state["text"]
        if isinstance(state["body_norm"], int):
            state["body_norm"] = state["norm"][:state["body_norm"]]
        self.__dict__.update(state)


@dataclass
class Document:
    id: str
    jurisdiction: str
    file: str
    encoding: str
    traditional: bool
    title: str
    title_source: str
    aliases: list[str]
    doc_number: str | None
    issuer: list[str]
    issuer_note: str | None
    issued: str | None
    published: str | None
    publisher: str | None
    sections: list[SectionRecord]
    provisions: list[ProvisionRecord]
    citations: list[Citation]
    removals: list[Removal]
    front: list[dict]
    closing: list[dict]
    segments: list[tuple[int, int, str]]
    warnings: list[str] = field(default_factory=list)

    @property
    def date(self) -> str | None:
        return self.issued or self.published


def _passage(src_text: str, src_norm: str, fragments, breaks=frozenset()) -> tuple[str, str, list[int]]:
    """Display text, simplified text and a source offset per character, joined like provisions are."""
    offs: list[int] = []
    for i, (a, b) in enumerate(fragments):
        if i in breaks:
            offs.append(a)
        offs.extend(range(a, b))
    return join_fragments(src_text, fragments, breaks), join_fragments(src_norm, fragments, breaks), offs


_BIG_NUMBER = re.compile(r"(?m)^[ \t\u3000]*(?:[（(](\d{6,})[）)]|(\d{6,})[.．、](?!\d))")
#: a line longer than this is suspect: policy items are a few hundred characters
LONG_LINE = 20_000


def _title_warnings(file, problems: list[tuple[int, str]]) -> list[str]:
    """One warning per kind of problem, naming the file, the first offset and how many."""
    by_kind: dict[str, list[int]] = {}
    for offset, problem in problems:
        by_kind.setdefault(problem, []).append(offset)
    out = []
    for problem, offsets in by_kind.items():
        mark = "》" if problem == "closes no title" else "《"
        more = f" (and {len(offsets) - 1} more)" if len(offsets) > 1 else ""
        out.append(f"{file}: {mark} at offset {offsets[0]} {problem}{more}; "
                   "no title there is read as a citation")
    return out


def resolve_short_forms(citations: list[Citation], norm: str, own_keys: set[str]) -> list[Citation]:
    """A short form the text defines (《知识产权强国建设纲要（2021—2035年）》（以下简称《纲要》）)
    stands for the full title: each citation of 《纲要》 becomes one of the full title, with its
    文号 when the full citation gave one; a short form of the document itself is no citation.

    >>> c = [Citation("知识产权强国建设纲要", "中发〔2021〕32号", "implements", "…", (0, 1), "front"),
    ...      Citation("纲要", None, "mentions", "落实《纲要》", (9, 10), "provision", 3)]
    >>> [(x.title, x.doc_number) for x in resolve_short_forms(c, "《知识产权强国建设纲要》（以下简称《纲要》）", set())]
    [('知识产权强国建设纲要', '中发〔2021〕32号'), ('知识产权强国建设纲要', '中发〔2021〕32号')]
    """
    full = {title_key(m.group(2)): m.group(1) for m in ALIAS.finditer(norm)}
    if not full:
        return citations
    numbers = {title_key(c.title): c.doc_number for c in citations if c.title and c.doc_number}
    out = []
    for c in citations:
        long = full.get(title_key(c.title)) if c.title else None
        if long is not None:
            if title_key(long) in own_keys:
                continue
            c = Citation(long, c.doc_number or numbers.get(title_key(long)), c.relation, c.evidence, c.span,
                         c.where, c.provision)
        out.append(c)
    return out


def _longest_line(text: str) -> tuple[int, int]:
    """``(line number, length)`` of the longest line.

    >>> _longest_line("ab\\nabcd\\nc")
    (2, 4)
    """
    lengths = [len(line) for line in text.split("\n")]
    i = max(range(len(lengths)), key=lengths.__getitem__)
    return i + 1, lengths[i]


def parse_document(entry: DocumentEntry, jurisdiction: Jurisdiction, tagger=None) -> Document:
    """Read, clean, segment and extract one document; with a `tagger`, tag its items with measures."""
    shown = entry.label or entry.file.name
    source = read_source(entry.file, shown)
    line_no, longest = _longest_line(source.text)
    structure: Structure = segment(clean(source))
    items = [p for p in structure.provisions if p.kind == "item"]
    markers = [f"{p.number}{p.heading or ''}"[:16] for p in structure.provisions if p.number] + \
        [f"{x.number or ''}{x.heading}"[:16] for x in structure.sections]
    warnings: list[str] = []
    if not items and not markers:
        lost = f"; line {line_no} alone is {longest:,} characters: has the file lost its line breaks?" \
            if longest > LONG_LINE else ""
        paragraphs = len(structure.provisions)
        raise LoadError(shown, "no structure found: no numbered items, bullets or headed paragraphs "
                               "(expected markers such as 一、 （一） 第一条 1. or - under headings; found "
                               f"{paragraphs} paragraph{'s' * (paragraphs != 1)} of text, none numbered)" + lost)
    if not items:
        # a plan cut after its opening (一、指导思想 二、工作目标): its framing is real text, kept
        shown_markers = " ".join(markers[:4]) + (" …" if len(markers) > 4 else "")
        warnings.append(f"{shown}: headings ({shown_markers}) but no items under them: loaded as framing "
                        "only (is the page cut short?)")
    if longest > LONG_LINE:
        warnings.append(f"{shown}: line {line_no} is {longest:,} characters long; items are found at line "
                        "starts, so any inside it stay in one provision (has the file lost its line breaks?)")
    big = _BIG_NUMBER.search(source.text)
    if big:
        line = source.text.count("\n", 0, big.start()) + 1
        warnings.append(f"{shown}: line {line} opens with {(big.group(1) or big.group(2))[:12]}, a number of more than five digits; "
                        "no item is numbered so, so it is read as text of the item before it")
    meta = extract_metadata(structure)
    over = entry.overrides
    if "title" in over:
        meta.update(title=over["title"], title_source="manifest")
    if "doc_number" in over:
        meta["doc_number"] = normalize_doc_number(over["doc_number"]) or over["doc_number"]
    if "date" in over:
        meta["issued"] = over["date"]
    if not meta["title"]:
        meta.update(title=entry.file.stem, title_source="file name")
        warnings.append(f"{shown}: no title found in the text; using the file name")
    doc_id = entry.id
    src_text, src_norm = source.text, source.norm

    # sections
    sec_ids = {s.key: f"{doc_id}.s{s.key}" for s in structure.sections}
    by_key = {s.key: s for s in structure.sections}

    def chain(key):
        out = []
        while key is not None:
            out.append(by_key[key].heading_norm)
            key = by_key[key].parent
        return out

    sections = [SectionRecord(sec_ids[s.key], s.number, s.heading, s.level,
                              sec_ids.get(s.parent), (s.line.start, s.line.end),
                              themes_mod.assign(s.heading_norm, chain(s.parent), ""))
                for s in structure.sections]

    # provisions
    provisions: list[ProvisionRecord] = []
    cuts = tagger.cuts() if tagger is not None else None     # jieba's cuts of the document's blocks, for tagging
    for p in structure.provisions:
        text, norm, offs = _passage(src_text, src_norm, p.fragments, p.breaks)
        clause = agencies_mod.find_clause(norm, jurisdiction.name_zh)
        body = norm[:clause.start].rstrip() if clause else norm
        heads = chain(p.section)
        measures, amounts, periods = [], [], []
        if tagger is not None and p.kind == "item":
            found = tagger.tag(body, cuts)
            lists = enumerations(body) if found else ()
            # strength: operative where the provision acts on the measure, listed where it is one
            # item of an enumeration (加强对专利、商标、地理标志等的保护)
            measures = [{"measure": m.measure, "matched": text[m.start:m.end], "span": [offs[m.start], offs[m.end - 1] + 1],
                         "strength": "listed" if any(a <= m.start and m.end <= b for a, b in lists) else "operative"}
                        for m in found]
        if p.kind == "item":
            amounts = [{**q, "span": [offs[q["span"][0]], offs[q["span"][1] - 1] + 1]} for q in quantities(body)]
            periods = [{**f, "span": [offs[f["span"][0]], offs[f["span"][1] - 1] + 1]} for f in frequencies(body)]
        provisions.append(ProvisionRecord(
            id=f"{doc_id}.p{p.ordinal}", ordinal=p.ordinal, number=p.number, heading=p.heading,
            text=text, norm=norm, body_norm=body, span=p.span, fragments=p.fragments,
            section=sec_ids.get(p.section), kind=p.kind,
            themes=themes_mod.assign(p.heading_norm, heads, body) if p.kind == "item" or heads else [],
            agencies=clause.agencies if clause else [], deadline=clause.deadline if clause else None,
            measures=measures, breaks=p.breaks,
            search_terms=TermCounts.of(term_counts(provision_text(p.heading_norm, norm), simplified=True)),
            reuse_clean=reuse_clean(body) if len(body) >= REUSE_MIN else None,
            quantities=amounts, frequencies=periods))

    # citations
    vocab = structure_vocabulary()
    own_keys = {title_key(meta["title"])} | {title_key(a) for a in meta["aliases"]}
    own_number = meta["doc_number"]
    citations: list[Citation] = []
    title_problems: list[tuple[int, str]] = []   # 《 that open no title, 》 that close none
    title_line_ids = {id(l) for l in structure.title_lines}
    if structure.title_lines:
        tl = structure.title_lines[-1]
        d, n, offs = _passage(src_text, src_norm, tl.fragments)
        # the title cites what it carries out: 贯彻落实《X》… / …〈X〉…
        inner = n.replace("<", "〈").replace(">", "〉")
        for m in re.finditer(r"[《〈]([^《》〈〉]{4,120})[》〉]", inner):
            before = inner[:m.start()]
            if any(c in before for c in ("贯彻", "落实", "实施")) and title_key(m.group(1)) not in own_keys:
                citations.append(Citation(m.group(1), None, "implements", d.strip(),
                                          (offs[m.start()], offs[m.end() - 1] + 1), "title"))
    for line, kind in structure.front:
        if id(line) in title_line_ids:
            continue
        d, n, offs = _passage(src_text, src_norm, line.fragments)
        titles, problems = scan_titles(n)
        title_problems += [(offs[i], problem) for i, problem in problems]
        citations += extract_citations(n, d, "front", vocab["implements_cues"], own_keys, own_number,
                                       lambda i, o=offs: o[i], titles=titles, making=vocab["making_cues"])
    for p, rec in zip(structure.provisions, provisions):
        where = "preamble" if p.section is None and p.kind == "framing" else "provision"
        d, n, offs = _passage(src_text, src_norm, p.fragments, p.breaks)
        titles, problems = scan_titles(n)
        title_problems += [(offs[i], problem) for i, problem in problems]
        citations += extract_citations(n, d, where, vocab["implements_cues"], own_keys, own_number,
                                       lambda i, o=offs: o[i], provision=p.ordinal, titles=titles,
                                       making=vocab["making_cues"])
    warnings += _title_warnings(shown, title_problems)
    citations = resolve_short_forms(citations, "\n".join(structure.cleaned.line_norm(l) for l in structure.cleaned.lines),
                                    own_keys)

    def lines_out(pairs):
        return [{"kind": k, "text": "".join(src_text[a:b] for a, b in l.fragments), "span": [l.start, l.end]}
                for l, k in pairs]

    return Document(
        id=doc_id, jurisdiction=entry.jurisdiction, file=str(entry.file), encoding=source.encoding,
        traditional=source.traditional, title=meta["title"], title_source=meta["title_source"],
        aliases=meta["aliases"], doc_number=meta["doc_number"], issuer=meta["issuer"],
        issuer_note=meta["issuer_note"], issued=meta["issued"], published=meta["published"],
        publisher=meta["publisher"], sections=sections, provisions=provisions, citations=citations,
        removals=structure.cleaned.removals, front=lines_out(structure.front),
        closing=lines_out(structure.closing), segments=segments(structure), warnings=warnings)

