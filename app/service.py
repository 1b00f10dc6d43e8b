"""The service object the API routers and the CLI share: load a corpus into a
store, and answer questions from the store through named queries.

>>> from graph.nx_store import NetworkxStore
>>> svc = PolicyService(NetworkxStore())
>>> report = svc.load()
>>> svc.document("luohe")["doc_number"]
'漯办〔2020〕19号'
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from graph.build import build_graph
from graph.errors import NotFound
from graph.store import GraphStore
from loaders.pipeline import Corpus, load_corpus

DEADLINE_KEYS = ("text", "kind", "due", "recurrence", "month", "ongoing")


@dataclass
class LoadReport:
    corpus: str
    documents: list[dict]
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _deadline(row: dict) -> dict | None:
    if not row.get("deadline_kind") and not row.get("deadline_text"):
        return None
    return {k: row.get(f"deadline_{k}") for k in DEADLINE_KEYS}


def provision_out(row: dict) -> dict:
    out = {k: v for k, v in row.items() if not k.startswith("deadline_")}
    out["deadline"] = _deadline(row)
    return out


class PolicyService:
    def __init__(self, store: GraphStore):
        self.store = store
        self.corpus_path: str | None = None
        self.loaded_at: float | None = None
        self._load_lock = threading.Lock()

    # loading ---------------------------------------------------------------
    def parse(self, corpus_dir: Path | str | None = None, progress: Callable[[str], None] | None = None) -> Corpus:
        return load_corpus(corpus_dir, progress)

    def load(self, corpus_dir: Path | str | None = None,
             progress: Callable[[str], None] | None = None) -> LoadReport:
        """Parse and build the whole graph, then swap it in. A failure leaves the previous graph."""
        started = time.perf_counter()
        with self._load_lock:
            corpus = self.parse(corpus_dir, progress)
            data = build_graph(corpus)
            self.store.replace(data)
            self.corpus_path = str(corpus.path)
            self.loaded_at = time.time()
        docs = [{"id": d.id, "jurisdiction": d.jurisdiction, "title": d.title,
                 "provisions": len(d.provisions), "items": sum(p.kind == "item" for p in d.provisions),
                 "sections": len(d.sections), "citations": len(d.citations),
                 "agencies": len({a["name"] for p in d.provisions for a in p.agencies}),
                 "noise_removed": len(d.removals)} for d in corpus.documents]
        return LoadReport(str(corpus.path), docs, data.counts(), corpus.warnings, time.perf_counter() - started)

    # questions -------------------------------------------------------------
    def health(self) -> dict:
        answers = self.store.ping()
        out = {"status": "ok" if answers else "unavailable", "store": self.store.backend, "store_answers": answers,
               "corpus": self.corpus_path, "loaded_at": self.loaded_at}
        if answers:
            out["counts"] = {r["name"]: r["count"] for r in self.store.query("graph_counts")}
        return out

    def jurisdictions(self) -> list[dict]:
        return self.store.query("jurisdictions")

    def jurisdiction(self, jid: str) -> dict:
        rows = self.store.query("jurisdiction", id=jid)
        if not rows:
            raise NotFound("jurisdiction", jid)
        return rows[0]["jurisdiction"]

    def documents(self) -> list[dict]:
        return self.store.query("documents")

    def document(self, doc_id: str) -> dict:
        rows = self.store.query("document", id=doc_id)
        if not rows:
            raise NotFound("document", doc_id)
        doc = dict(rows[0]["document"])
        doc["noise"] = json.loads(doc.pop("noise_json", None) or "[]")
        doc["sections"] = self.store.query("document_sections", id=doc_id)
        doc["provisions"] = [provision_out(r) for r in self.store.query("document_provisions", id=doc_id)]
        doc["citations"] = self.store.query("document_citations", id=doc_id)
        return doc

    def provision(self, pid: str) -> dict:
        rows = self.store.query("provision", id=pid)
        if not rows:
            raise NotFound("provision", pid)
        return provision_out(rows[0])

    def agencies(self, jurisdiction: str | None = None) -> list[dict]:
        if jurisdiction is not None:
            self.jurisdiction(jurisdiction)   # 404 for an unknown id
        return self.store.query("agencies", jurisdiction=jurisdiction)
