"""Resolve an analyst's phrase, in Chinese or English, to the measures it means.

Scores, best first:

* 1.0 — the phrase is a measure's label, term or alias;
* 0.6–0.95 — the tagger finds the measure's wording in the phrase (行政执法与刑事司法衔接),
  scaled by how much of the phrase the wording covers;
* 0.5–0.9 — the phrase is part of a term or alias (技术调查 ⊂ 技术调查官);
* for English, the overlap of content words with a label or alias (stems compared),
  and a whole alias inside the phrase counts as an exact hit.

Measures scoring at least ``MIN_SCORE`` and within ``WINDOW`` of the best are kept,
so a phrase resolves to the few measures it names rather than to everything.

>>> from policykg.loaders.codebook import load_codebook
>>> from policykg.loaders.tagging import default_tagger
>>> [m for m, _ in resolve("punitive damages", load_codebook(), default_tagger())][:1]
['punitive_damages']
"""
from __future__ import annotations

import re

from policykg.loaders.search_terms import stopwords
from policykg.loaders.codebook import Codebook
from policykg.loaders.reading import to_simplified

MIN_SCORE = 0.5
WINDOW = 0.2
EN_WORD = re.compile(r"[a-z0-9]+")


def _stem(word: str) -> str:
    for suffix in ("ing", "ers", "ies", "es", "s", "ed", "al"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _en_words(text: str) -> set[str]:
    _, en = stopwords()
    return {_stem(w) for w in EN_WORD.findall(text.lower()) if w not in en}


def _core(text: str) -> str:
    """The phrase without generic words (知识产权, 保护, 加强 …): what is left must name something."""
    zh, _ = stopwords()
    for w in sorted(zh, key=len, reverse=True):
        if len(w) > 1:
            text = text.replace(w, "")
    return text


def _is_chinese(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def resolve(phrase: str, codebook: Codebook, tagger) -> list[tuple[str, float]]:
    """``[(measure id, score)]``, best first; empty when no measure fits."""
    q = re.sub(r"\s+", " ", to_simplified(phrase)).strip()
    if not q:
        return []
    ql = q.lower()
    q_compact = ql.replace(" ", "")
    scores: dict[str, float] = {}

    def keep(mid: str, score: float):
        scores[mid] = max(scores.get(mid, 0.0), min(score, 1.0))

    if _is_chinese(q):
        core = _core(q_compact)
        for m in codebook.measures:
            names = (m.label_zh, *m.terms, *m.aliases_zh)
            if q_compact in (n.replace(" ", "") for n in names):
                keep(m.id, 1.0)
            elif len(core) >= 2:
                for n in names:
                    if q_compact in n:
                        keep(m.id, 0.5 + 0.4 * len(q_compact) / len(n))
        for match in tagger.tag(q):
            keep(match.measure, 0.6 + 0.35 * (match.end - match.start) / len(q))
    words = _en_words(ql)
    if words:
        for m in codebook.measures:
            for alias in (m.label_en.lower(), *m.aliases_en):
                if alias == ql or (len(alias) > 4 and re.search(rf"\b{re.escape(alias)}\b", ql)):
                    keep(m.id, 1.0)
                    continue
                aw = _en_words(alias)
                if not aw:
                    continue
                overlap = len(words & aw)
                if overlap:
                    keep(m.id, 0.9 * overlap / len(words | aw))
    if not scores:
        return []
    best = max(scores.values())
    ranked = sorted(((mid, round(s, 3)) for mid, s in scores.items() if s >= MIN_SCORE and s >= best - WINDOW),
                    key=lambda x: (-x[1], x[0]))
    return ranked
