"""Search terms of a text: what the full-text index counts and a question is cut into.

jieba's search-mode tokens (with the codebook's domain words), lower-cased, without stopwords
and punctuation, read in simplified characters. The load counts them for every provision in the
parse workers, in the same pass that reads the provision, so the index is ready with the graph.

>>> from policykg.loaders.tagging import default_tagger
>>> terms(default_tagger().tokenizer, "推广區塊鏈存证技术，和 Blockchain")
['推广', '区块', '存证', '区块链存证', '技术', 'blockchain']
"""
from __future__ import annotations

import functools
import re

from policykg.loaders.datafiles import data_file
from policykg.loaders.reading import to_simplified

WORD = re.compile(r"[\u4e00-\u9fa5]|[A-Za-z0-9]")


@functools.cache
def stopwords() -> tuple[frozenset, frozenset]:
    doc = data_file("search")
    return frozenset(doc["stopwords_zh"]), frozenset(doc["stopwords_en"])


def terms(tokenizer, text: str) -> list[str]:
    """Search terms of a text, in order, repeated as often as they stand in it."""
    out: list[str] = []
    for tok in tokenizer.lcut_for_search(to_simplified(text)):
        t = _TERM.get(tok, _MISSING)
        if t is _MISSING:
            t = _term(tok)
        if t is not None:
            out.append(t)
    return out


_MISSING = object()
#: token → its search term, or None when it is not one; a token's fate depends on the token and the
#: stopword data only, and a corpus's vocabulary is small beside its tokens, so each is judged once
_TERM: dict[str, str | None] = {}


def _term(tok: str) -> str | None:
    zh, en = stopwords()
    t = tok.strip().lower()
    term = t if t and WORD.search(t) and t not in zh and t not in en else None
    if len(_TERM) < 500_000:          # bounded: a hostile corpus of unique tokens cannot grow it
        _TERM[tok] = term
    return term


def provision_text(heading: str | None, text: str) -> str:
    """What the index reads of a provision: its heading and its text."""
    return (heading or "") + " " + text
