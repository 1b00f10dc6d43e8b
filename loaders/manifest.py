"""The corpus manifest (``manifest.toml``): jurisdictions and the documents to load.

Checked whole before anything is read: unknown levels, duplicate ids, unknown
parents, cycles in the hierarchy, unknown jurisdictions and files named twice
each raise :class:`LoadError` naming the manifest and the entry.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from policykg.graph.errors import LoadError
from policykg.loaders.datafiles import read_toml

LEVELS = ("national", "province", "city", "district")
DOC_OVERRIDES = ("id", "title", "date", "doc_number")


@dataclass(frozen=True)
class Jurisdiction:
    id: str
    name_zh: str
    name_en: str
    level: str
    parent: str | None = None
    name_status: str = "stated"
    name_note: str | None = None


@dataclass(frozen=True)
class DocumentEntry:
    id: str
    file: Path
    jurisdiction: str
    overrides: dict


@dataclass(frozen=True)
class Manifest:
    path: Path
    jurisdictions: dict[str, Jurisdiction]
    documents: list[DocumentEntry]


def _str(path, entry: dict, key: str, where: str, required: bool = True) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise LoadError(path, f"{where}: missing {key!r}")
        return None
    if not isinstance(value, str) or not value.strip():
        raise LoadError(path, f"{where}: {key!r} must be a non-empty string")
    return value.strip()


def read_manifest(corpus_dir: Path) -> Manifest:
    corpus_dir = Path(corpus_dir)
    path = corpus_dir / "manifest.toml"
    if not corpus_dir.is_dir():
        raise LoadError(corpus_dir, "corpus folder not found")
    if not path.exists():
        raise LoadError(path, "manifest not found: a corpus folder needs a manifest.toml")
    doc = read_toml(path)
    juris: dict[str, Jurisdiction] = {}
    for i, e in enumerate(doc.get("jurisdictions", [])):
        where = f"jurisdictions[{i}]"
        jid = _str(path, e, "id", where)
        where = f"jurisdiction {jid!r}"
        if jid in juris:
            raise LoadError(path, f"{where}: duplicate jurisdiction id")
        level = _str(path, e, "level", where)
        if level not in LEVELS:
            raise LoadError(path, f"{where}: level {level!r} is not one of {', '.join(LEVELS)}")
        status = _str(path, e, "name_status", where, required=False) or "stated"
        if status not in ("stated", "inferred"):
            raise LoadError(path, f"{where}: name_status must be 'stated' or 'inferred'")
        juris[jid] = Jurisdiction(jid, _str(path, e, "name_zh", where), _str(path, e, "name_en", where), level,
                                  _str(path, e, "parent", where, required=False), status,
                                  _str(path, e, "name_note", where, required=False))
    if not juris:
        raise LoadError(path, "no [[jurisdictions]] entries")
    for j in juris.values():
        if j.parent is not None and j.parent not in juris:
            raise LoadError(path, f"jurisdiction {j.id!r}: unknown parent {j.parent!r}")
    for j in juris.values():
        seen, cur = [j.id], j
        while cur.parent is not None:
            if cur.parent in seen:
                cycle = " → ".join(seen + [cur.parent])
                raise LoadError(path, f"jurisdiction hierarchy has a cycle: {cycle}")
            seen.append(cur.parent)
            cur = juris[cur.parent]

    docs: list[DocumentEntry] = []
    files: set[Path] = set()
    ids: set[str] = set()
    for i, e in enumerate(doc.get("documents", [])):
        where = f"documents[{i}]"
        file = _str(path, e, "file", where)
        where = f"document {file!r}"
        jid = _str(path, e, "jurisdiction", where)
        if jid not in juris:
            raise LoadError(path, f"{where}: unknown jurisdiction {jid!r}")
        fpath = (corpus_dir / file).resolve()
        if fpath in files:
            raise LoadError(path, f"{where}: the same file is listed twice")
        files.add(fpath)
        overrides = {k: e[k] for k in DOC_OVERRIDES if k in e}
        unknown = set(e) - {"file", "jurisdiction", *DOC_OVERRIDES}
        if unknown:
            raise LoadError(path, f"{where}: unknown keys {sorted(unknown)}")
        did = str(overrides.get("id") or Path(file).stem)
        if did in ids:
            raise LoadError(path, f"{where}: duplicate document id {did!r}")
        ids.add(did)
        docs.append(DocumentEntry(did, fpath, jid, overrides))
    if not docs:
        raise LoadError(path, "no [[documents]] entries")
    return Manifest(path, juris, docs)
