"""A built graph kept between runs, keyed by everything it was built from.

Parsing and tagging a large corpus takes most of a minute; a server restarted on the same
corpus need not do it again. The key is a SHA-256 over the manifest, every document file it
lists (bytes, in manifest order), the strictness of the load, and the code that reads them —
every data file (codebook, rules, dictionaries) and every module of the installed package —
so a change to any one file, or to the codebook, builds afresh. Entries live in
``POLICYKG_GRAPH_CACHE_DIR``, else ``cache_dir("graphs")`` (``POLICYKG_CACHE_DIR`` …), the newest few are kept, and
``POLICYKG_GRAPH_CACHE=0`` turns the cache off. A damaged or unreadable entry is ignored
(and rebuilt), never trusted: the entry also carries its own key, checked on reading.

The cache is the user's own folder, like pip's or jieba's: whoever can write there can change
what policykg loads, so it is never placed inside a corpus.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from policykg.graph.memory import paused_gc
from policykg.graph.resources import cache_dir, package_dir

KEEP = 3
FORMAT = 3


@dataclass
class Built:
    """What a load builds, ready to be stored and swapped in."""
    corpus_path: str
    data: object                 # GraphData
    documents: list[dict]        # the load report's rows
    warnings: list[str]
    set_aside: list[dict]
    index_rows: list[dict]
    index: object = None         # the SearchIndex over index_rows (tokens counted once)
    counts: dict | None = None   # nodes and relationships per label and type (data.counts())

    def search_index(self):
        """The full-text index of this graph (counted at the build; else counted now)."""
        if self.index is None:
            from policykg.graph.search import SearchIndex
            self.index = SearchIndex(self.index_rows)
        return self.index

    def with_search_terms(self):
        """The graph data with each provision's search terms beside it (graph.data), as the
        Neo4j store keeps them."""
        self.data.search_terms = self.search_index().row_terms()
        return self.data


def enabled() -> bool:
    return os.environ.get("POLICYKG_GRAPH_CACHE", "1") not in ("0", "false", "no", "")


@functools.cache
def _code_digest() -> str:
    """Every module and data file of the installed package, hashed once per process."""
    h = hashlib.sha256()
    seen: set[Path] = set()
    for package in ("policykg", "policykg.graph", "policykg.loaders", "policykg.queries", "policykg.data"):
        root = package_dir(package)
        for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".toml", ".cypher")
                           and "__pycache__" not in p.parts and "corpus" not in p.parts):
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            h.update(f"{package}/{path.relative_to(root)}".encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def key(manifest_path: Path, files: list[Path], strict: bool) -> str:
    h = hashlib.sha256(f"policykg-graph-{FORMAT}-{strict}-{manifest_path.resolve()}".encode())
    h.update(_code_digest().encode())
    for path in [manifest_path, *files]:
        h.update(str(path.name).encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\0unreadable")      # a missing file is part of what the load saw (it is set aside)
    return h.hexdigest()


def _folder() -> Path:
    configured = os.environ.get("POLICYKG_GRAPH_CACHE_DIR")
    if configured:
        Path(configured).mkdir(parents=True, exist_ok=True)
        return Path(configured)
    return cache_dir("graphs")


def _path(k: str) -> Path:
    return _folder() / f"{k}.pickle"


def get(k: str) -> Built | None:
    try:
        with open(_path(k), "rb") as f, paused_gc():
            stored_key, built = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError, ImportError):
        return None
    return built if stored_key == k and isinstance(built, Built) else None


def put(k: str, built: Built) -> None:
    folder = _folder()
    tmp = folder / f".{k}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            pickle.dump((k, built), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _path(k))
    except OSError:
        tmp.unlink(missing_ok=True)
        return
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)
