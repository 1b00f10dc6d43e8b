"""The corpus manifest (``manifest.toml``): jurisdictions and the documents to load.

The manifest is untrusted input, checked whole before any document is read; every problem
raises :class:`LoadError` naming the manifest and the entry, in one line:

* it must be a UTF-8 TOML file (not a folder, not UTF-16 or GBK) with only ``[[jurisdictions]]``
  and ``[[documents]]`` tables;
* every value has its type (``title = 5`` is refused, not stored as a number); ids follow
  :mod:`policykg.graph.ids` (the rule the API enforces); texts hold no control characters;
* a document's ``file`` is a path inside the corpus folder: ``../``, an absolute path, or a
  symlink that leads out of the folder is refused, so no file outside the corpus is ever read;
* unknown levels, duplicate ids, unknown parents, cycles in the hierarchy (found in time linear
  in the number of jurisdictions), unknown jurisdictions and files named twice.
"""
from __future__ import annotations

import codecs
import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from policykg.graph.errors import LoadError
from policykg.graph.ids import id_problem
from policykg.loaders.hierarchy import Hierarchy, HierarchyCycle

LEVELS = ("national", "province", "city", "district")
DOC_OVERRIDES = ("id", "title", "date", "doc_number")
JURISDICTION_KEYS = ("id", "name_zh", "name_en", "level", "parent", "name_status", "name_note")
MAX_MANIFEST_BYTES = 20 * 1024 * 1024
#: longest text a manifest field may hold
TEXT_LIMITS = {"name_zh": 100, "name_en": 200, "name_note": 1000, "title": 500, "doc_number": 80, "file": 1000}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


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
    #: how messages and warnings name the file: the corpus folder's name and the file's path in
    #: it (``corpus/luohe.txt``), never an absolute path
    label: str = ""


@dataclass(frozen=True)
class Manifest:
    path: Path
    jurisdictions: dict[str, Jurisdiction]
    documents: list[DocumentEntry]
    hierarchy: Hierarchy | None = None


class _Checker:
    """Typed reads of manifest values, each failure naming the manifest and the entry."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, message: str):
        raise LoadError(self.path, message)

    def text(self, entry: dict, key: str, where: str, required: bool = True) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                self.fail(f"{where}: missing {key!r}")
            return None
        if not isinstance(value, str):
            self.fail(f"{where}: {key!r} must be a string, not {_kind(value)}")
        value = value.strip()
        if not value:
            self.fail(f"{where}: {key!r} is empty")
        if _CONTROL.search(value):
            self.fail(f"{where}: {key!r} holds a control character")
        limit = TEXT_LIMITS.get(key)
        if limit and len(value) > limit:
            self.fail(f"{where}: {key!r} is {len(value)} characters long, over {limit}")
        return value

    def ident(self, entry: dict, key: str, where: str, required: bool = True) -> str | None:
        value = entry.get(key)
        if value is None and not required:
            return None
        if value is None:
            self.fail(f"{where}: missing {key!r}")
        problem = id_problem(value, manifest=True)
        if problem:
            self.fail(f"{where}: {key} {_show(value)} {problem}")
        return value

    def tables(self, doc: dict, key: str) -> list[dict]:
        value = doc.get(key, [])
        if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
            self.fail(f"{key!r} must be a list of tables, written [[{key}]], not {_kind(value)}")
        return value


def _kind(value) -> str:
    return {str: "a string", int: "a number", float: "a number", bool: "true/false", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"


def _manifest_text(path: Path, shown: Path) -> str:
    """The manifest's text; UTF-8 (a BOM is allowed), or a message saying what it is instead."""
    if path.is_dir():
        raise LoadError(shown, "is a folder, not a file: the manifest must be a TOML file")
    try:
        size = path.stat().st_size
        if size > MAX_MANIFEST_BYTES:
            raise LoadError(shown, f"is {size / 1e6:.1f} MB, over the {MAX_MANIFEST_BYTES // 2**20} MB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(shown, f"cannot read the manifest: {exc.strerror}") from None
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            raise LoadError(shown, f"is {name} text; the manifest must be UTF-8 (save it as UTF-8)")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise LoadError(shown, f"holds a NUL byte at offset {nul}: the manifest must be UTF-8 text "
                              "(UTF-16 or UTF-32 without a byte-order mark?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            data.decode("gb18030")
            hint = "; it decodes as GB18030/GBK: save it as UTF-8"
        except UnicodeDecodeError:
            hint = ""
        raise LoadError(shown, f"is not UTF-8 (bad bytes at offset {exc.start}){hint}") from None


def _inside(root: Path, name: str, path: Path, where: str) -> Path:
    """The resolved path of a document file, refused when it is not inside the corpus folder
    (`root`, resolved)."""
    if "\x00" in name:
        raise LoadError(path, f"{where}: 'file' holds a NUL character")
    relative = Path(name)
    if relative.is_absolute() or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise LoadError(path, f"{where}: 'file' is an absolute path; it must be a path inside the corpus folder")
    try:
        resolved = (root / relative).resolve()
    except (OSError, RuntimeError) as exc:      # a symlink loop
        raise LoadError(path, f"{where}: 'file' cannot be resolved ({exc})") from None
    if not resolved.is_relative_to(root):
        how = "leads out of" if ".." not in relative.parts else "climbs out of"
        raise LoadError(path, f"{where}: 'file' {how} the corpus folder (to {resolved.name!r}); "
                              "only files inside it are read")
    return resolved


def read_manifest(corpus_dir: Path) -> Manifest:
    corpus_dir = Path(corpus_dir)
    path = corpus_dir / "manifest.toml"
    if not corpus_dir.is_dir():
        raise LoadError(corpus_dir, "corpus folder not found")
    shown = Path(corpus_dir.resolve().name or ".")
    if not path.exists():
        raise LoadError(shown / "manifest.toml", "manifest not found: a corpus folder needs a manifest.toml")
    check = _Checker(shown / "manifest.toml")
    try:
        doc = tomllib.loads(_manifest_text(path, check.path))
    except tomllib.TOMLDecodeError as exc:
        raise LoadError(check.path, f"invalid TOML: {exc}") from None
    unknown = sorted(set(doc) - {"jurisdictions", "documents"})
    if unknown:
        check.fail(f"unknown top-level keys {unknown}; a manifest holds [[jurisdictions]] and [[documents]]")

    juris: dict[str, Jurisdiction] = {}
    for i, e in enumerate(check.tables(doc, "jurisdictions")):
        where = f"jurisdictions[{i}]"
        jid = check.ident(e, "id", where)
        where = f"jurisdiction {jid!r}"
        extra = sorted(set(e) - set(JURISDICTION_KEYS))
        if extra:
            check.fail(f"{where}: unknown keys {extra}")
        if jid in juris:
            check.fail(f"{where}: duplicate jurisdiction id")
        level = check.text(e, "level", where)
        if level not in LEVELS:
            check.fail(f"{where}: level {level!r} is not one of {', '.join(LEVELS)}")
        status = check.text(e, "name_status", where, required=False) or "stated"
        if status not in ("stated", "inferred"):
            check.fail(f"{where}: name_status must be 'stated' or 'inferred'")
        juris[jid] = Jurisdiction(jid, check.text(e, "name_zh", where), check.text(e, "name_en", where), level,
                                  check.ident(e, "parent", where, required=False), status,
                                  check.text(e, "name_note", where, required=False))
    if not juris:
        check.fail("no [[jurisdictions]] entries")
    for j in juris.values():
        if j.parent is not None and j.parent not in juris:
            check.fail(f"jurisdiction {j.id!r}: unknown parent {j.parent!r}")
    try:
        hierarchy = Hierarchy(juris)
    except HierarchyCycle as exc:
        cycle = exc.cycle if len(exc.cycle) <= 8 else exc.cycle[:4] + ["…"] + exc.cycle[-3:]
        check.fail(f"jurisdiction hierarchy has a cycle: {' → '.join(cycle)}")

    docs: list[DocumentEntry] = []
    files: set[Path] = set()
    ids: set[str] = set()
    root = corpus_dir.resolve()
    for i, e in enumerate(check.tables(doc, "documents")):
        where = f"documents[{i}]"
        name = check.text(e, "file", where)
        where = f"document {name!r}"
        unknown = sorted(set(e) - {"file", "jurisdiction", *DOC_OVERRIDES})
        if unknown:
            check.fail(f"{where}: unknown keys {unknown}")
        jid = check.text(e, "jurisdiction", where)
        if jid not in juris:
            check.fail(f"{where}: unknown jurisdiction {jid!r}")
        fpath = _inside(root, name, check.path, where)
        if fpath in files:
            check.fail(f"{where}: the same file is listed twice")
        files.add(fpath)
        overrides: dict = {}
        for key in ("title", "doc_number"):
            if key in e:
                overrides[key] = check.text(e, key, where)
        if "date" in e:
            overrides["date"] = _date(check, e["date"], where)
        did = check.ident(e, "id", where, required=False)
        if did is None:
            did = Path(name).stem
            problem = id_problem(did, manifest=True)
            if problem:
                check.fail(f"{where}: the id taken from the file name, {_show(did)}, {problem}; give an 'id'")
        else:
            overrides["id"] = did
        if did in ids:
            check.fail(f"{where}: duplicate document id {did!r}")
        ids.add(did)
        docs.append(DocumentEntry(did, fpath, jid, overrides, str(shown / name)))
    if not docs:
        check.fail("no [[documents]] entries")
    return Manifest(path, juris, docs, hierarchy)


def _date(check: _Checker, value, where: str) -> str:
    """A TOML date (2021-05-08) or a string that holds one (2021年5月8日), as ISO."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        from policykg.loaders.metadata import iso_date
        found = iso_date(value)
        if found:
            return found
        check.fail(f"{where}: 'date' {_show(value)} is not a date (write 2021-05-08)")
    check.fail(f"{where}: 'date' must be a date such as 2021-05-08, not {_kind(value)}")
