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
>>> [m for m, _ in resolve("tech investigators", load_codebook(), default_tagger())]
['technical_investigators']
"""
from __future__ import annotations

import functools
import re

from policykg.loaders.datafiles import data_file
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


@functools.cache
def _short_forms() -> dict[str, tuple[str, ...]]:
    """Short forms of analysts' English (data/search.toml ``en_short_forms``): word → the words it stands for."""
    table = data_file("search").get("en_short_forms", {})
    return {k.lower(): tuple(EN_WORD.findall(v.lower())) for k, v in table.items()}


@functools.cache
def _generic_en() -> frozenset[str]:
    """English words too general to name a measure alone (protection, enforcement): a question of
    only such words is not read as every measure whose name holds them (data/search.toml)."""
    return frozenset(_stem(w) for w in data_file("search").get("generic_en", ()))


def _en_words(text: str) -> set[str]:
    _, en = stopwords()
    short = _short_forms()
    words = [x for w in EN_WORD.findall(text.lower()) for x in short.get(w, (w,))]
    return {_stem(w) for w in words if w not in en}


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
                    score = 0.9 * overlap / len(words | aw)
                    if overlap == len(words) and words - _generic_en():
                        # the whole question stands in this name (copyright ⊂ copyright protection):
                        # it names the measure, if more broadly, the more so the more of the name it is
                        score = max(score, 0.6 + 0.3 * overlap / len(aw))
                    keep(m.id, score)
    if not scores:
        return []
    best = max(scores.values())
    ranked = sorted(((mid, round(s, 3)) for mid, s in scores.items() if s >= MIN_SCORE and s >= best - WINDOW),
                    key=lambda x: (-x[1], x[0]))
    return ranked


def _theme_key(text: str) -> str:
    """A phrase as theme names are compared: simplified, lower-case, without 知识产权 / IP and spaces."""
    t = to_simplified(text).lower()
    t = re.sub(r"知识产权|\bipr?s?\b|\bintellectual property\b", "", t)
    return re.sub(r"[\s\-_]+", "", t)


def resolve_theme(phrase: str) -> dict | None:
    """The theme a phrase names as a whole (快保护, fast protection, 严格保护), or None. Only whole
    phrases count (a question about 快速维权 is about a measure, not the theme).

    >>> [resolve_theme(p)["id"] for p in ("快保护", "Fast protection", "知识产权同保护", "IP strict protection")]
    ['fast', 'fast', 'equal', 'strict']
    >>> resolve_theme("快速维权") is None
    True
    """
    from policykg.loaders.themes import themes
    key = _theme_key(phrase)
    if not key:
        return None
    for t in themes():
        if not (t.get("ask_zh") or t.get("ask_en")):
            continue          # only themes an analyst asks for as such (严/大/快/同保护); 服务 or use name measures
        names = [t["id"], t["label_zh"], t["label_en"], *t.get("ask_zh", ()), *t.get("ask_en", ())]
        if key in {_theme_key(n) for n in names}:
            return {"id": t["id"], "label_zh": t["label_zh"], "label_en": t["label_en"]}
    return None


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def nearest(phrase: str, codebook: Codebook, limit: int = 5) -> list[tuple[str, float]]:
    """Measures whose names come nearest a phrase no measure fits: shared character pairs for
    Chinese (版权保护 → 版权示范, 网络侵权), shared word beginnings for English (copyrights,
    trademarking), as ``[(measure id, similarity)]``, best first; empty when nothing is near.

    >>> from policykg.loaders.codebook import load_codebook
    >>> [m for m, _ in nearest("专利质押", load_codebook())][:1]
    ['ip_pledge_financing']
    """
    q = re.sub(r"\s+", " ", to_simplified(phrase)).strip().lower()
    scores: dict[str, float] = {}
    names = _name_parts(codebook)
    if _is_chinese(q):
        grams = _bigrams(_core(q.replace(" ", "")) or q.replace(" ", ""))
        if grams:
            for mid, theirs in names["zh"]:
                shared = len(grams & theirs)
                if shared:
                    scores[mid] = max(scores.get(mid, 0.0), shared / len(grams | theirs))
    heads = _heads(q)
    if heads:
        for mid, theirs in names["en"]:
            shared = len(heads & theirs)
            if shared:
                scores[mid] = max(scores.get(mid, 0.0), shared / len(heads | theirs))
    ranked = sorted(((mid, round(s, 3)) for mid, s in scores.items() if s >= 0.1), key=lambda x: (-x[1], x[0]))
    return ranked[:limit]


def _heads(text: str) -> set[str]:
    return {w[:5] for w in _en_words(text) if len(w) >= 4}


_NAME_PARTS: dict[int, tuple[Codebook, dict]] = {}


def _name_parts(codebook: Codebook) -> dict:
    """Each measure name's character pairs (Chinese) and word beginnings (English), worked out
    once per codebook rather than on every question."""
    kept = _NAME_PARTS.get(id(codebook))
    if kept is None or kept[0] is not codebook:
        parts = {"zh": [(m.id, _bigrams(n)) for m in codebook.measures for n in (m.label_zh, *m.terms, *m.aliases_zh)],
                 "en": [(m.id, _heads(n)) for m in codebook.measures for n in (m.label_en, *m.aliases_en)]}
        parts["zh"] = [(mid, g) for mid, g in parts["zh"] if g]
        parts["en"] = [(mid, h) for mid, h in parts["en"] if h]
        kept = _NAME_PARTS[id(codebook)] = (codebook, parts)
    return kept[1]
