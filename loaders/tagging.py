"""Tagging: link each provision to the measures it adopts, with the matched wording as evidence.

Text is tokenised by jieba with a domain dictionary generated from the codebook
(every term becomes a word), so domain terms stay whole and a term only counts
where it stands as whole tokens: 保险 inside 知识产权保险产品 does not fire a
measure worded 保险, while 知识产权保险 does. jieba cuts each run of word characters
(a block between punctuation) on its own, so only the blocks a term occurrence falls in
are tokenised, not the whole text, and most occurrences are known whole from the dictionary
alone, without cutting their block (:meth:`Tagger._surely_whole`): the same boundaries, at a
fraction of the work. All terms are found in one pass
(Aho–Corasick, pyahocorasick); patterns (wording with gaps) are matched as
regexes. Each measure's ``exclude`` wording is masked out first.

>>> from policykg.loaders.codebook import load_codebook
>>> tagger = Tagger(load_codebook())
>>> [m.measure for m in tagger.tag("健全技术调查官制度，落实惩罚性赔偿制度。")]
['technical_investigators', 'punitive_damages']
"""
from __future__ import annotations

import functools
import logging
import math
import re
import threading
from dataclasses import dataclass

from policykg.loaders.codebook import Codebook, load_codebook

MASK = "\u25a1"   # □, stands for masked characters and keeps offsets
# An enumeration: three or more short items joined by 、 (the last maybe by 及/和/与), or two and 等.
_ITEM = r"(?:(?!等)[\u4e00-\u9fa5A-Za-z0-9“”\"]){1,12}"
ENUMERATION = re.compile(rf"{_ITEM}(?:、{_ITEM}){{2,}}(?:(?:及|和|与){_ITEM})?等?|{_ITEM}(?:、{_ITEM})+等")


#: what an enumeration can hold: an item's characters and 、 (及/和/与/等 are Chinese characters)
_LIST_RUN = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9“”\"、]+")
#: an enumeration begins at most an item (12 characters) before its first 、 and ends at most an
#: item, a 及, an item and a 等 (27 characters) after its last
_BEFORE, _AFTER = 12, 27


@functools.lru_cache(maxsize=64)
def enumerations(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of enumerations (A、B、C等) in a text.

    The pattern is tried only in the windows around each run of 、 (no match can start or end
    outside them, so the spans are the same as over the whole text), since trying it at every
    character of a long provision costs more than the rest of tagging it. Kept for the last few
    texts: tagging a provision and grading its adoptions ask for the same one.

    >>> t = "加强对高价值专利、地理标志、中医药及商业秘密等重点对象的保护"
    >>> [t[a:b] for a, b in enumerations(t)]
    ['加强对高价值专利、地理标志、中医药及商业秘密等']
    """
    if "、" not in text:
        return ()
    out: list[tuple[int, int]] = []
    for run in _LIST_RUN.finditer(text):
        a, b = run.span()
        windows: list[list[int]] = []
        i = text.find("、", a, b)
        while i >= 0:
            lo, hi = max(a, i - _BEFORE), min(b, i + _AFTER)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
            i = text.find("、", i + 1, b)
        for lo, hi in windows:
            out += [(m.start(), m.end()) for m in ENUMERATION.finditer(text, lo, hi)]
    return tuple(out)


def anchors(pattern: re.Pattern) -> tuple[str, ...]:
    """Literals one of which every match of a pattern contains, so that a text holding none of
    them cannot match (``()`` when none are known). Alternatives count: every match of
    ``(捣毁|打掉)…(窝点|团伙)|制假…`` holds 窝点, 团伙 or 制假.

    >>> anchors(re.compile("行政执法.{0,8}刑事司法.{0,6}衔接"))
    ('行政执法',)
    >>> anchors(re.compile("(技术|专业)调查官"))
    ('调查官',)
    >>> anchors(re.compile("(捣毁|打掉|端掉)[^。]{0,6}(窝点|团伙)|制假[^。]{0,2}(窝点|源头)"))
    ('窝点', '团伙', '制假')
    >>> anchors(re.compile("专利|.商标")), anchors(re.compile("专利|[^。]+"))
    (('专利', '商标'), ())
    >>> anchors(re.compile("(?i)ab")), anchors(re.compile("(?i:专利)")), anchors(re.compile("(专利)?商标"))
    ((), (), ('商标',))
    """
    if pattern.flags & re.IGNORECASE:
        return ()
    return tuple(_required(*_parse(pattern)) or ())


def _parse(pattern: re.Pattern):
    try:
        from re import _parser as parser
    except ImportError:                      # Python < 3.11
        import sre_parse as parser
    return parser, parser.parse(pattern.pattern, pattern.flags)


def _required(parser, items) -> list[str] | None:
    """Literals one of which every match of a sequence of parsed items holds: the most selective
    set found in it (its shortest literal the longest, then the fewest literals), or None."""
    options: list[list[str]] = []
    run = ""
    for op, arg in items:
        if op is parser.LITERAL:
            run += chr(arg)
            continue
        if run:
            options.append([run])
            run = ""
        if op is parser.SUBPATTERN and not arg[1] & re.IGNORECASE:
            inner = _required(parser, arg[-1])
            if inner:
                options.append(inner)
        elif op is parser.BRANCH:
            alternatives = [_required(parser, alt) for alt in arg[1]]
            if all(alternatives):
                options.append(list(dict.fromkeys(lit for alt in alternatives for lit in alt)))
    if run:
        options.append([run])
    if not options:
        return None
    return max(options, key=lambda lits: (min(map(len, lits)), -len(lits)))


@dataclass(frozen=True)
class Match:
    measure: str
    matched: str
    start: int      # offsets in the text that was tagged
    end: int


class Tagger:
    def __init__(self, codebook: Codebook):
        import jieba
        jieba.setLogLevel(logging.WARNING)
        self.codebook = codebook
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        for term in sorted(codebook.terms()):
            # high enough frequency that jieba keeps the term whole
            self.tokenizer.add_word(term, freq=max(2000, 500 * len(term)))
        # what _surely_whole needs of the dictionary: calc's log total, and each character's reach
        self._logtotal = math.log(self.tokenizer.total)
        # reach[c]: the furthest a character stands into a word of the dictionary (沙 in 一盘散沙: 3),
        # so a word crossing a boundary before c starts at most that far back
        # (the first places by whole sets, as most words are short; the rest word by word)
        words = [w for w, f in self.tokenizer.FREQ.items() if f and len(w) > 1]
        reach: dict[str, int] = {}
        for i in (1, 2, 3):
            reach.update(dict.fromkeys({w[i] for w in words if len(w) > i}, i))
        for w in words:
            for i in range(4, len(w)):
                if reach.get(w[i], 0) < i:
                    reach[w[i]] = i
        self._reach = reach
        self._beats_splits: dict[str, bool] = {}     # term → _whole_beats_splits (terms are few)
        import ahocorasick
        self._terms = ahocorasick.Automaton()
        owners: dict[str, list[int]] = {}
        for k, m in enumerate(codebook.measures):
            for t in m.terms:
                owners.setdefault(t, []).append(k)
        for term, measures in owners.items():
            self._terms.add_word(term, (term, tuple(measures)))
        self._terms.make_automaton()
        # literal anchors: a pattern (or an exclusion) none of whose anchors is in the text cannot match
        self._patterns = {m.id: [(anchors(p), p) for p in m.patterns] for m in codebook.measures}
        self._excludes = {m.id: [(anchors(p), p) for p in m.exclude] for m in codebook.measures}
        # the anchors of all patterns, found in one pass too: only measures with a term or an
        # anchor in a text are looked at for it
        self._anchors = ahocorasick.Automaton()
        by_anchor: dict[str, set[int]] = {}
        self._unanchored: list[int] = []
        for k, m in enumerate(codebook.measures):
            for lits, _ in self._patterns[m.id]:
                for lit in lits:
                    by_anchor.setdefault(lit, set()).add(k)
                if not lits:
                    self._unanchored.append(k)
        for lit, ks in by_anchor.items():
            self._anchors.add_word(lit, tuple(sorted(ks)))
        if by_anchor:
            self._anchors.make_automaton()

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        return list(self.tokenizer.tokenize(text))

    def boundaries(self, text: str) -> set[int]:
        """Every token boundary of a text (jieba over the whole of it)."""
        out = {0, len(text)}
        for _, a, b in self.tokenizer.tokenize(text):
            out.add(a)
            out.add(b)
        return out

    def cuts(self) -> "Cuts":
        """A memo of jieba's cuts with this tagger's dictionary, for one document's texts."""
        return Cuts(self.tokenizer)

    def boundary_test(self, text: str, cuts: "Cuts | None" = None):
        """``at(i)``: whether offset i is a token boundary of `text`, as in :meth:`boundaries`,
        tokenising only the block (jieba's run of word characters) that i falls inside.

        >>> at = default_tagger().boundary_test("健全技术调查官制度，落实惩罚性赔偿制度。")
        >>> at(2), at(3), at(10)
        (True, False, True)
        """
        return self._tests(text, cuts)[0]

    def whole_test(self, text: str, cuts: "Cuts | None" = None):
        """``whole(a, b)``: whether text[a:b] is one token of `text` or a run of them (``at(a) and
        at(b)``), most often known without tokenising anything (:meth:`_surely_whole`).

        >>> whole = default_tagger().whole_test("健全技术调查官制度，落实惩罚性赔偿制度。")
        >>> whole(2, 7), whole(3, 7), whole(12, 17)
        (True, False, True)
        """
        return self._tests(text, cuts)[1]

    def _tests(self, text: str, cuts: "Cuts | None"):
        import bisect
        import jieba
        cuts = cuts or self.cuts()
        blocks: list[tuple[int, int]] | None = None
        starts: list[int] = []
        cut: dict[int, set[int]] = {}

        def block_of(i: int) -> tuple[int, int] | None:
            """The block i falls strictly inside (None: a block's edge, or outside every block)."""
            nonlocal blocks, starts
            if blocks is None:
                blocks = [m.span() for m in jieba.re_han_default.finditer(text)]
                starts = [a for a, _ in blocks]
            k = bisect.bisect_right(starts, i) - 1
            if k < 0 or not (blocks[k][0] < i < blocks[k][1]):
                return None
            return blocks[k]

        def at(i: int) -> bool:
            blk = block_of(i)
            if blk is None:
                return True              # a block's edge, or outside every block: jieba cuts there
            a, b = blk
            if a not in cut:
                ends, e = set(), a
                for w in cuts.block(text[a:b]):
                    e += len(w)
                    ends.add(e)
                cut[a] = ends
            return i in cut[a]

        def whole(a: int, b: int) -> bool:
            inner = block_of(a) or block_of(b)
            if inner is not None and self._surely_whole(text, a, b, *inner):
                return True
            return at(a) and at(b)
        return at, whole

    def _surely_whole(self, s: str, a: int, b: int, lo: int, hi: int) -> bool:
        """Whether jieba's cut of the block s[lo:hi] surely keeps s[a:b] (a word of its
        dictionary, inside the block) as one token, known without cutting the block.

        jieba cuts a block along its best path of dictionary words (its DAG). When no word of the
        dictionary crosses a or b, every path passes through both, so the best path's steps from
        a to b are the best steps over s[a:b] alone; when taking the whole word beats every other
        way over s[a:b] by a clear margin (not a near tie that rounding could turn), the best path
        takes it, and a token of two characters or more is never merged by jieba's HMM (which
        joins runs of single characters only). Otherwise (False) the block must be cut to know.
        """
        if b - a < 2 or not (lo <= a < b <= hi):
            return False
        word = s[a:b]
        beats = self._beats_splits.get(word)
        if beats is None:
            if not self.tokenizer.FREQ.get(word):
                return False                 # not a word of the dictionary
            beats = self._beats_splits[word] = self._whole_beats_splits(word)
        return beats and not any(lo < edge < hi and self._crossed(s, edge, lo, hi) for edge in (a, b))

    def _whole_beats_splits(self, word: str) -> bool:
        """Whether jieba's best path over `word` alone is the word itself, by a clear margin
        (``calc`` over the word's own DAG: the same scores, the same steps)."""
        freq, logtotal, n = self.tokenizer.FREQ, self._logtotal, len(word)
        best = [0.0] * (n + 1)              # best[x]: the best score of steps from x to the end
        alternative = -math.inf
        for x in range(n - 1, -1, -1):
            ends, i, frag = [], x, word[x]
            while i < n and frag in freq:
                if freq[frag]:
                    ends.append(i)
                i += 1
                frag = word[x:i + 1]
            if not ends:
                ends.append(x)
            scores = [(math.log(freq.get(word[x:e + 1]) or 1) - logtotal + best[e + 1], e) for e in ends]
            if x == 0:
                alternative = max((v for v, e in scores if e != n - 1), default=-math.inf)
            best[x] = max(v for v, _ in scores)
        return math.log(freq[word]) - logtotal > alternative + 1e-6

    def _crossed(self, s: str, p: int, lo: int, hi: int) -> bool:
        """Whether a word of the dictionary in the block s[lo:hi] starts before p and ends after it
        (every prefix of a dictionary word is in ``FREQ``, so a walk stops where none continues)."""
        freq = self.tokenizer.FREQ
        for k in range(p - 1, max(lo, p - self._reach.get(s[p], 0)) - 1, -1):
            if s[k:p] not in freq:
                continue
            i = p
            while i < hi:
                frag = s[k:i + 1]
                if frag not in freq:
                    break
                if freq[frag]:
                    return True
                i += 1
        return False

    def tag(self, text: str, cuts: "Cuts | None" = None) -> list[Match]:
        """Measures a text adopts, in codebook order, each with its first match (`cuts`: the
        document's memo of jieba's cuts)."""
        whole = self.whole_test(text, cuts)
        lists: list[tuple[int, int]] | None = None

        def counts(m, a: int, b: int) -> bool:
            nonlocal lists
            if m.list_mentions:
                return True
            if lists is None:                 # found only when a list-sensitive measure needs it
                lists = enumerations(text)
            return not any(x <= a and b <= y for x, y in lists)

        # every term occurrence, in one pass: measure index → [(start, end)] in text order
        occurrences: dict[int, list[tuple[int, int]]] = {}
        for end, (term, measures) in self._terms.iter(text):
            start = end - len(term) + 1
            for k in measures:
                occurrences.setdefault(k, []).append((start, end + 1))
        candidates = set(occurrences) | set(self._unanchored)
        if len(self._anchors):
            for _, ks in self._anchors.iter(text):
                candidates.update(ks)
        found: list[Match] = []
        for k in sorted(candidates):
            m = self.codebook.measures[k]
            masked = text
            for lits, ex in self._excludes[m.id]:
                if not lits or any(lit in text for lit in lits):
                    masked = ex.sub(lambda x: MASK * len(x.group(0)), masked)
            hit = None
            for a, b in sorted(occurrences.get(k, ())):
                if (whole(a, b) and counts(m, a, b)
                        and (masked is text or MASK not in masked[a:b])):
                    hit = (a, b)
                    break
            if hit is None:
                for lits, pat in self._patterns[m.id]:
                    if lits and not any(lit in masked for lit in lits):
                        continue
                    o = next((o for o in pat.finditer(masked) if counts(m, o.start(), o.end())), None)
                    if o:
                        hit = (o.start(), o.end())
                        break
            if hit is not None:
                found.append(Match(m.id, text[hit[0]:hit[1]], hit[0], hit[1]))
        return found


class Cuts:
    """jieba's cuts (accurate mode, HMM on) of one document's texts, each distinct block cut once.

    jieba splits a text into blocks (runs of word characters) and cuts each block on its own, so
    tagging cuts only the blocks a term falls in, and a block a document repeats only once.

    >>> default_tagger().cuts().block("推广区块链存证技术")
    ('推广', '区块链存证', '技术')
    """
    __slots__ = ("tokenizer", "memo", "_cut_block")

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.memo: dict[str, tuple[str, ...]] = {}
        # jieba's own cut of one block (accurate mode, HMM on): what ``cut`` runs for each block
        # it splits a sentence into, called without re-splitting a text known to be one block
        self._cut_block = getattr(tokenizer, "_Tokenizer__cut_DAG", None)

    def block(self, block: str) -> tuple[str, ...]:
        """The words of one block (a whole run of jieba's word characters)."""
        words = self.memo.get(block)
        if words is None:
            cut = self._cut_block
            words = self.memo[block] = tuple(cut(block) if cut is not None else self.tokenizer.cut(block))
        return words


_BUILDING = threading.RLock()


@functools.cache
def _tagger() -> Tagger:
    return Tagger(load_codebook())


def default_tagger() -> Tagger:
    """The process's tagger, with the one jieba dictionary every part of the load uses: built
    once, however many threads ask for it first (forked parse workers inherit it)."""
    with _BUILDING:
        return _tagger()
