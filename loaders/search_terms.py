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
    zh, en = stopwords()
    out = []
    for tok in tokenizer.lcut_for_search(to_simplified(text)):
        t = tok.strip().lower()
        if t and WORD.search(t) and t not in zh and t not in en:
            out.append(t)
    return out


def provision_text(heading: str | None, text: str) -> str:
    """What the index reads of a provision: its heading and its text."""
    return (heading or "") + " " + text
