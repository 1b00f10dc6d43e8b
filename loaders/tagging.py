"""Tagging: link each provision to the measures it adopts, with the matched wording as evidence.

Text is tokenised by jieba with a domain dictionary generated from the codebook
(every term becomes a word), so domain terms stay whole and a term only counts
where it stands as whole tokens: 保险 inside 知识产权保险产品 does not fire a
measure worded 保险, while 知识产权保险 does. Patterns (wording with gaps) are
matched as regexes. Each measure's ``exclude`` wording is masked out first.

>>> from loaders.codebook import load_codebook
>>> tagger = Tagger(load_codebook())
>>> [m.measure for m in tagger.tag("健全技术调查官制度，落实惩罚性赔偿制度。")]
['technical_investigators', 'punitive_damages']
"""
from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from loaders.codebook import Codebook, load_codebook

MASK = "\u25a1"   # □, stands for masked characters and keeps offsets
# An enumeration: three or more short items joined by 、 (the last maybe by 及/和/与), or two and 等.
_ITEM = r"(?:(?!等)[\u4e00-\u9fa5A-Za-z0-9“”\"]){1,12}"
ENUMERATION = re.compile(rf"{_ITEM}(?:、{_ITEM}){{2,}}(?:(?:及|和|与){_ITEM})?等?|{_ITEM}(?:、{_ITEM})+等")


def enumerations(text: str) -> list[tuple[int, int]]:
    """Spans of enumerations (A、B、C等) in a text.

    >>> t = "加强对高价值专利、地理标志、中医药及商业秘密等重点对象的保护"
    >>> [t[a:b] for a, b in enumerations(t)]
    ['加强对高价值专利、地理标志、中医药及商业秘密等']
    """
    return [(m.start(), m.end()) for m in ENUMERATION.finditer(text)]


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
        self._term_patterns = {m.id: [re.compile(re.escape(t)) for t in m.terms] for m in codebook.measures}

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        return list(self.tokenizer.tokenize(text))

    def boundaries(self, text: str) -> set[int]:
        out = {0, len(text)}
        for _, a, b in self.tokenizer.tokenize(text):
            out.add(a)
            out.add(b)
        return out

    def tag(self, text: str) -> list[Match]:
        """Measures a text adopts, in codebook order, each with its first match."""
        bounds = self.boundaries(text)
        lists = enumerations(text)

        def counts(m, a: int, b: int) -> bool:
            return m.list_mentions or not any(x <= a and b <= y for x, y in lists)

        found: list[Match] = []
        for m in self.codebook.measures:
            masked = text
            for ex in m.exclude:
                masked = ex.sub(lambda x: MASK * len(x.group(0)), masked)
            hit = None
            for pat in self._term_patterns[m.id]:
                for occ in pat.finditer(masked):
                    if occ.start() in bounds and occ.end() in bounds and counts(m, occ.start(), occ.end()):
                        hit = occ
                        break
                if hit:
                    break
            if hit is None:
                for pat in m.patterns:
                    hit = next((o for o in pat.finditer(masked) if counts(m, o.start(), o.end())), None)
                    if hit:
                        break
            if hit is not None:
                found.append(Match(m.id, text[hit.start():hit.end()], hit.start(), hit.end()))
        return found


@functools.cache
def default_tagger() -> Tagger:
    return Tagger(load_codebook())
