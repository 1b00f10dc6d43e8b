"""Search terms of a text: what the full-text index counts and a question is cut into.

Chinese is indexed as overlapping character **bigrams**, as Lucene's CJK analyzer (and Neo4j's
``cjk`` full-text analyzer) index it: every pair of adjacent Chinese characters, and a character
standing alone as itself; Latin words and numbers lower-cased; all read in simplified characters;
stopwords (data/search.toml) left out. No dictionary decides what a word is, so a term no
dictionary knows (数据知识产权登记, a new court's name) is found as written, and the load counts
a provision's terms at a small fraction of a word segmenter's cost.

A **question** is cut into words first (jieba, with the codebook's domain words), its stopwords
dropped, and each word into its bigrams: a question asks for no pair that spans two of its
words, so 技术调查官制度在哪些地方 asks for 技术 术调 调查 查官, not for 度在 or 些地.

>>> terms("推广區塊鏈存证技术，和 Blockchain")
['推广', '广区', '区块', '块链', '链存', '存证', '证技', '技术', 'blockchain']
>>> from policykg.loaders.tagging import default_tagger
>>> question_terms(default_tagger().tokenizer, "哪些地方推广区块链存证？")
['推广', '区块', '块链', '链存', '存证']
>>> question_terms(default_tagger().tokenizer, "知识产权保护")
[]
"""
from __future__ import annotations

import functools
import re
from array import array
from collections import Counter

from policykg.loaders.datafiles import data_file
from policykg.loaders.reading import to_simplified

#: the scheme of the terms: kept with a graph in Neo4j, so that terms another version counted
#: are never read as this version's (a server counts them again from the text instead)
SCHEME = "bigrams-1"

#: a run of Chinese characters, or a Latin word or number
RUN = re.compile(r"[\u4e00-\u9fa5]+|[A-Za-z0-9]+")
HAN = re.compile(r"[\u4e00-\u9fa5]+")


@functools.cache
def stopwords() -> tuple[frozenset, frozenset]:
    doc = data_file("search")
    return frozenset(doc["stopwords_zh"]), frozenset(doc["stopwords_en"])


@functools.cache
def _stopped() -> frozenset:
    zh, en = stopwords()
    return zh | en


def _grams(text: str) -> list[str]:
    """The terms of a text already simplified, in order, stopwords included."""
    out: list[str] = []
    for run in RUN.findall(text):
        if run[0] >= "\u4e00":
            if len(run) == 1:
                out.append(run)
            else:
                out += map(str.__add__, run[:-1], run[1:])
        else:
            out.append(run.lower())
    return out


def terms(text: str) -> list[str]:
    """Search terms of a text, in order, repeated as often as they stand in it."""
    stopped = _stopped()
    return [t for t in _grams(to_simplified(text)) if t not in stopped]


def counts(text: str, simplified: bool = False) -> Counter:
    """``Counter(terms(text))``, counted before the stopwords are taken out (fewer of them to test).
    `simplified`: the text is in simplified characters already (a document's normalised text)."""
    c = Counter(_grams(text if simplified else to_simplified(text)))
    for t in _stopped().intersection(c):
        del c[t]
    return c


class TermCounts:
    """A provision's term counts as a parse worker sends them: the terms as one string (no term
    holds a space) and their counts as an array, a few objects where a Counter is hundreds of
    small ones to pickle and unpickle. Read like a Counter's ``items()`` and ``values()``.

    >>> c = TermCounts.of(counts("推广区块链，推广"))
    >>> dict(c.items()) == counts("推广区块链，推广"), sum(c.values())
    (True, 5)
    """
    __slots__ = ("terms", "counts")

    def __init__(self, terms: str, counts: array):
        self.terms, self.counts = terms, counts

    @classmethod
    def of(cls, counter: Counter) -> "TermCounts":
        return cls(" ".join(counter), array("I", counter.values()))

    def items(self):
        return zip(self.terms.split(" "), self.counts) if self.terms else iter(())

    def values(self):
        return self.counts

    def __len__(self) -> int:
        return len(self.counts)

    def __eq__(self, other) -> bool:
        if isinstance(other, (TermCounts, Counter, dict)):
            return dict(self.items()) == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"TermCounts({dict(self.items())!r})"

    def __getstate__(self):
        return self.terms, self.counts

    def __setstate__(self, state):
        self.terms, self.counts = state


def question_terms(tokenizer, question: str) -> list[str]:
    """A question's terms, each once, in order.

    Its words (jieba's cut with `tokenizer`) without stopwords or words made wholly of them
    (哪些地方), each cut into its bigrams, but for pairs inside a stopword the word holds
    (知识产权保险 asks for 权保 and 保险). A word of one character is read with the words it
    stands between (区块|链 is 区块链), and left out where it stands alone, since a text's index
    holds a character only where the character stands alone in the text. A Latin word is itself,
    and a word of both (IC卡管理: IC|卡管理) is read in its pieces.
    A question of nothing else (知识产权保护, 税) asks for nothing.
    """
    stopped = _stopped()
    runs: list[str] = []               # kept words, those of one character joined to their neighbours
    last = 0                           # the length of the last kept Chinese word next to this one (0: none)
    for word in tokenizer.cut(to_simplified(question)):
        w = word.strip()
        if not w or w.lower() in stopped or _made_of_stopwords(w):
            last = 0
            continue
        # a word may mix scripts (IC卡, B超): its pieces are read as the index reads a text's runs;
        # only pieces that stand next to each other in the question are joined
        end = 0
        for m in RUN.finditer(w):
            piece = m.group()
            if m.start() > end:
                last = 0                   # punctuation or a symbol in between
            end = m.end()
            if piece[0] < "\u4e00":
                runs.append(piece.lower())
                last = 0
            elif last and (len(piece) == 1 or last == 1):
                runs[-1] += piece
                last = len(piece)
            else:
                runs.append(piece)
                last = len(piece)
        if end < len(w):
            last = 0
    out: list[str] = []
    for run in runs:
        if len(run) == 1 and HAN.fullmatch(run):
            continue                   # a text's index holds a character only where it stands alone
        inside = _inside_stopwords(run) if HAN.fullmatch(run) else set()
        out += (t for i, t in enumerate(_grams(run)) if t not in stopped and i not in inside)
    return list(dict.fromkeys(out))


def _inside_stopwords(run: str) -> set[int]:
    """The bigrams of a run of Chinese (by where they start) that lie inside a stopword of more
    than two characters it holds (a stopword of two is a bigram, left out as such)."""
    zh, _ = stopwords()
    out: set[int] = set()
    for sw in zh:
        if len(sw) > 2:
            k = run.find(sw)
            while k >= 0:
                out.update(range(k, k + len(sw) - 1))
                k = run.find(sw, k + 1)
    return out


def _made_of_stopwords(word: str) -> bool:
    """Whether a word is a run of Chinese stopwords (哪些+地方, 知识产权+保护)."""
    zh, _ = stopwords()
    longest = max(map(len, zh), default=0)
    n = len(word)
    ends = [True] + [False] * n             # ends[i]: word[:i] is a run of stopwords
    for i in range(1, n + 1):
        ends[i] = any(ends[j] and word[j:i] in zh for j in range(max(0, i - longest), i))
    return ends[n]


def provision_text(heading: str | None, text: str) -> str:
    """What the index reads of a provision: its heading and its text."""
    return (heading or "") + " " + text
