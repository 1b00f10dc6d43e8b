"""A whole corpus folder through the pipeline: manifest → documents.

>>> corpus = load_corpus()
>>> sorted(d.id for d in corpus.documents)
['beijing', 'hanyang', 'luohe', 'luolong', 'luoyang']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from loaders.datafiles import DEFAULT_CORPUS
from loaders.document import Document, parse_document
from loaders.manifest import Jurisdiction, Manifest, read_manifest


@dataclass
class Corpus:
    path: Path
    manifest: Manifest
    documents: list[Document]
    warnings: list[str] = field(default_factory=list)

    @property
    def jurisdictions(self) -> dict[str, Jurisdiction]:
        return self.manifest.jurisdictions

    def document(self, doc_id: str) -> Document | None:
        return next((d for d in self.documents if d.id == doc_id), None)


def load_corpus(corpus_dir: Path | str | None = None,
                progress: Callable[[str], None] | None = None, tag: bool = True) -> Corpus:
    """Parse every document of a corpus folder, tagging items with measures.

    Raises LoadError (naming the file) on bad input."""
    from loaders.tagging import default_tagger
    path = Path(corpus_dir) if corpus_dir else DEFAULT_CORPUS
    manifest = read_manifest(path)
    tagger = default_tagger() if tag else None
    docs = []
    for entry in manifest.documents:
        if progress:
            progress(entry.file.name)
        docs.append(parse_document(entry, manifest.jurisdictions[entry.jurisdiction], tagger))
    warnings = [w for d in docs for w in d.warnings]
    return Corpus(path, manifest, docs, warnings)
