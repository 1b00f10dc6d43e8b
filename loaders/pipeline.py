"""A whole corpus folder through the pipeline: manifest → documents.

A document that cannot be used (no file, no text, undecodable, no structure at all) is set aside
with its reason, and the rest loads; ``strict=True`` refuses the whole corpus instead. A broken
manifest is always refused whole, and so is a corpus none of whose documents can be used.

>>> corpus = load_corpus()
>>> sorted(d.id for d in corpus.documents), corpus.set_aside
(['beijing', 'hanyang', 'luohe', 'luolong', 'luoyang'], [])
"""
from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from policykg.graph.errors import DataFileError, LoadError
from policykg.loaders.datafiles import DEFAULT_CORPUS
from policykg.loaders.document import Document, parse_document
from policykg.loaders.hierarchy import Hierarchy
from policykg.loaders.manifest import Jurisdiction, Manifest, read_manifest


@dataclass
class SetAside:
    """A document of the manifest that could not be used, and why (the problem of its LoadError)."""
    id: str
    jurisdiction: str
    file: str            # as shown in messages: <corpus folder>/<file>
    reason: str
    title: str | None = None     # the manifest's, when it gives one

    @property
    def message(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass
class Corpus:
    path: Path
    manifest: Manifest
    documents: list[Document]
    warnings: list[str] = field(default_factory=list)
    set_aside: list[SetAside] = field(default_factory=list)

    @property
    def jurisdictions(self) -> dict[str, Jurisdiction]:
        return self.manifest.jurisdictions

    @property
    def hierarchy(self) -> Hierarchy:
        return self.manifest.hierarchy or Hierarchy(self.manifest.jurisdictions)

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)


_TAGGER = None
PARALLEL_FROM = 40   # documents; below this, starting workers costs more than it saves


def _workers(documents: int) -> int:
    """Worker processes for parsing: POLICYKG_WORKERS, else one per core from PARALLEL_FROM documents."""
    configured = os.environ.get("POLICYKG_WORKERS")
    if configured is not None:
        return max(1, int(configured))
    if documents < PARALLEL_FROM or "fork" not in __import__("multiprocessing").get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _parse_job(job):
    entry, jurisdiction = job
    return parse_or_set_aside(entry, jurisdiction, _TAGGER)


def parse_or_set_aside(entry, jurisdiction, tagger) -> Document | SetAside:
    """The parsed document, or what says why it cannot be used. A broken data file of the
    product itself (:class:`DataFileError`) is no fault of the document and still raises."""
    try:
        return parse_document(entry, jurisdiction, tagger)
    except DataFileError:
        raise
    except LoadError as exc:
        return SetAside(entry.id, entry.jurisdiction, exc.path, exc.problem, entry.overrides.get("title"))


def load_corpus(corpus_dir: Path | str | None = None,
                progress: Callable[[str], None] | None = None, tag: bool = True, strict: bool = False) -> Corpus:
    """Parse every document of a corpus folder, tagging items with measures.

    Raises LoadError (naming the file) for a broken manifest, for a corpus none of whose
    documents can be used, and with ``strict`` for the first document that cannot be used."""
    from policykg.loaders.tagging import default_tagger
    path = Path(corpus_dir) if corpus_dir else DEFAULT_CORPUS
    manifest = read_manifest(path)
    tagger = default_tagger() if tag else None
    jobs = [(entry, manifest.jurisdictions[entry.jurisdiction]) for entry in manifest.documents]
    workers = _workers(len(jobs))
    docs = []
    if workers > 1:
        # documents are independent: parse them in forked worker processes, which share the
        # tagger (built above) copy-on-write; results come back in manifest order
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        global _TAGGER
        _TAGGER = tagger
        # a worker collects its own garbage as usual, even when forked from a load that paused
        # the collector (graph.memory): its parse allocations are short-lived, unlike the graph's
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=gc.enable) as pool:
            for (entry, _), doc in zip(jobs, pool.map(_parse_job, jobs, chunksize=max(1, len(jobs) // (workers * 32)))):
                if progress:
                    progress(entry.file.name)
                docs.append(doc)
    else:
        for entry, jurisdiction in jobs:
            if progress:
                progress(entry.file.name)
            docs.append(parse_or_set_aside(entry, jurisdiction, tagger))
    set_aside = [d for d in docs if isinstance(d, SetAside)]
    docs = [d for d in docs if not isinstance(d, SetAside)]
    if set_aside and (strict or not docs):
        if strict or len(set_aside) == 1:
            raise LoadError(set_aside[0].file, set_aside[0].reason)
        raise LoadError(path.name + "/manifest.toml", f"none of its {len(set_aside)} documents can be used "
                        f"(the first: {set_aside[0].message[:200]})")
    warnings = [w for d in docs for w in d.warnings]
    return Corpus(path, manifest, docs, warnings, set_aside)
