"""The measure codebook (``data/measures.toml``), loaded and checked.

Each measure has a stable id, Chinese and English labels, a one-line definition,
its themes, and the wording that signals it in a provision: literal ``terms``,
regex ``patterns`` for wording with gaps, and ``exclude`` regexes for false
friends (masked out before this measure is matched). ``list_mentions = false`` marks
measures that are objects or channels (展会, 进出口, 仲裁, 调解 …): being named in an
enumeration of priority fields (A、B、C等重点领域) does not adopt them. ``aliases_zh`` and
``aliases_en`` are how analysts ask for it; they are used to resolve questions,
never to tag provisions.

>>> book = load_codebook()
>>> book.measure("technical_investigators").label_zh
'技术调查官'
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from policykg.graph.errors import DataFileError
from policykg.loaders.datafiles import DATA_DIR, read_toml

CODEBOOK = DATA_DIR / "measures.toml"
ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Measure:
    id: str
    label_zh: str
    label_en: str
    definition: str
    themes: tuple[str, ...]
    terms: tuple[str, ...]
    patterns: tuple[re.Pattern, ...]
    exclude: tuple[re.Pattern, ...]
    aliases_zh: tuple[str, ...]
    aliases_en: tuple[str, ...]
    list_mentions: bool = True   # False: being named in an enumeration (A、B、C等) is no adoption


@dataclass(frozen=True)
class Codebook:
    path: Path
    measures: tuple[Measure, ...]

    def measure(self, mid: str) -> Measure | None:
        return next((m for m in self.measures if m.id == mid), None)

    def terms(self) -> set[str]:
        return {t for m in self.measures for t in m.terms}


def _strings(path, entry, key, where, required=False) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(path, f"{where}: {key!r} must be a list of non-empty strings")
    if required and not value:
        raise DataFileError(path, f"{where}: {key!r} must not be empty")
    return tuple(v.strip() for v in value)


def _regexes(path, entry, key, where) -> tuple[re.Pattern, ...]:
    out = []
    for p in _strings(path, entry, key, where):
        try:
            out.append(re.compile(p))
        except re.error as exc:
            raise DataFileError(path, f"{where}: bad regex in {key!r}: {p!r} ({exc})") from None
    return tuple(out)


def parse_codebook(path: Path, valid_themes: set[str]) -> Codebook:
    doc = read_toml(path)
    entries = doc.get("measures")
    if not isinstance(entries, list) or not entries:
        raise DataFileError(path, "no [[measures]] entries")
    seen: set[str] = set()
    measures = []
    for i, e in enumerate(entries):
        mid = e.get("id")
        where = f"measures[{i}]" + (f" ({mid})" if mid else "")
        if not isinstance(mid, str) or not ID.match(mid):
            raise DataFileError(path, f"{where}: id must be snake_case")
        if mid in seen:
            raise DataFileError(path, f"{where}: duplicate id {mid!r}")
        seen.add(mid)
        for key in ("label_zh", "label_en", "definition"):
            if not isinstance(e.get(key), str) or not e[key].strip():
                raise DataFileError(path, f"{where}: missing {key!r}")
        themes = _strings(path, e, "themes", where, required=True)
        unknown = set(themes) - valid_themes
        if unknown:
            raise DataFileError(path, f"{where}: unknown themes {sorted(unknown)}")
        terms, patterns = _strings(path, e, "terms", where), _regexes(path, e, "patterns", where)
        if not terms and not patterns:
            raise DataFileError(path, f"{where}: needs terms or patterns")
        extra = set(e) - {"id", "label_zh", "label_en", "definition", "themes", "terms", "patterns", "exclude",
                          "aliases_zh", "aliases_en", "list_mentions"}
        if not isinstance(e.get("list_mentions", True), bool):
            raise DataFileError(path, f"{where}: 'list_mentions' must be true or false")
        if extra:
            raise DataFileError(path, f"{where}: unknown keys {sorted(extra)}")
        measures.append(Measure(mid, e["label_zh"].strip(), e["label_en"].strip(), e["definition"].strip(), themes,
                                terms, patterns, _regexes(path, e, "exclude", where),
                                _strings(path, e, "aliases_zh", where),
                                tuple(a.lower() for a in _strings(path, e, "aliases_en", where)),
                                e.get("list_mentions", True)))
    return Codebook(path, tuple(measures))


@functools.cache
def load_codebook(path: Path = CODEBOOK) -> Codebook:
    from policykg.loaders.themes import themes
    return parse_codebook(path, {t["id"] for t in themes()})
