"""The service object the API routers and the CLI share: load a corpus into a
store, and answer questions from the store through named queries.

>>> from policykg.graph.nx_store import NetworkxStore
>>> svc = PolicyService(NetworkxStore())
>>> report = svc.load()
>>> svc.document("luohe")["doc_number"]
'漯办〔2020〕19号'
"""
from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter, OrderedDict
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from policykg.graph import cache as graph_cache
from policykg.graph.build import build_graph
from policykg.graph.cache import Built
from policykg.graph.data import GraphData
from policykg.gate import ReadWriteGate
from policykg.graph.errors import Busy, InvalidRequest, NotFound
from policykg.graph.memory import paused_gc
from policykg.accountability import cite
from policykg.graph.questions import nearest, resolve, resolve_theme
from policykg.graph.search import SearchIndex
from policykg.graph.store import GraphStore
from policykg.loaders.codebook import load_codebook
from policykg.loaders.pipeline import Corpus, load_corpus
from policykg.loaders.tagging import default_tagger

from policykg.loaders.themes import themes as theme_table

THEMES = tuple(t["id"] for t in theme_table())

#: answers remembered per graph and kind (see PolicyService._memo)
MEMO_SIZE = 128


def generation_ttl() -> float:
    """Seconds a server trusts the Neo4j generation it last read before asking again
    (``POLICYKG_GENERATION_TTL``, default 1; 0 asks on every request): how soon a load made by
    another process is seen by the answers this server keeps."""
    import os
    try:
        return max(0.0, float(os.environ.get("POLICYKG_GENERATION_TTL", "1")))
    except ValueError:
        return 1.0


def answer_bytes() -> int:
    """How many bytes of API answers a graph keeps (``POLICYKG_ANSWER_CACHE_MB``, default 256; 0: none)."""
    import os
    try:
        return max(0, int(float(os.environ.get("POLICYKG_ANSWER_CACHE_MB", "256")) * 2 ** 20))
    except ValueError:
        return 256 * 2 ** 20

DEADLINE_KEYS = ("text", "kind", "due", "recurrence", "month", "ongoing")


@dataclass
class LoadReport:
    corpus: str
    documents: list[dict]
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: documents the load set aside: ``{id, jurisdiction, file, reason}``
    set_aside: list[dict] = field(default_factory=list)


#: what a jurisdiction's name may end with, left out when names are compared (北京市 ~ 北京, Beijing City ~ Beijing)
_LEVEL_WORDS = ("特别行政区", "自治区", "自治州", "市辖区", "省", "市", "区", "县", "旗", "州",
                " municipality", " province", " city", " district", " county", " prefecture", " region")


def _name_key(name: str | None, bare: bool = False) -> str:
    """A name as names are compared: case and spaces aside; with `bare`, without its level word.

    >>> _name_key("Beijing Municipality", True), _name_key("洛龙区", True), _name_key(" Luoyang ")
    ('beijing', '洛龙', 'luoyang')
    """
    key = " ".join((name or "").lower().split())
    if bare:
        for word in _LEVEL_WORDS:
            if key.endswith(word) and len(key) > len(word) + 1:
                key = key[: -len(word)]
                break
    return key.replace(" ", "")


def hierarchy_order(jurisdictions: list[dict]) -> list[str]:
    """Ids in the hierarchy's reading order: each jurisdiction followed by those under it
    (national, a province, its cities each with its districts, the next province …), siblings by
    id; one whose parent is unknown starts a tree of its own.

    >>> hierarchy_order([{"id": "c", "parent": "p"}, {"id": "n", "parent": None}, {"id": "p", "parent": "n"},
    ...                  {"id": "d", "parent": "c"}, {"id": "q", "parent": "n"}])
    ['n', 'p', 'c', 'd', 'q']
    """
    ids = {j["id"] for j in jurisdictions}
    children: dict[str | None, list[str]] = {}
    for j in jurisdictions:
        parent = j.get("parent") if j.get("parent") in ids else None
        children.setdefault(parent, []).append(j["id"])
    out: list[str] = []
    stack = sorted(children.get(None, []), reverse=True)
    while stack:
        jid = stack.pop()
        if jid in out:
            continue
        out.append(jid)
        stack += sorted(children.get(jid, []), reverse=True)
    return out + sorted(ids - set(out))


def page_adoption(answer: dict, offset: int = 0, limit: int | None = None, per_jurisdiction: int | None = None,
                  text: bool = True) -> dict:
    """One page of an adoption answer (the same on both stores: it pages what the store answered).

    >>> a = {"jurisdictions": [{"id": j, "provisions": [{"id": f"{j}{n}", "text": "…"} for n in range(3)]}
    ...                        for j in "abc"]}
    >>> p = page_adoption(a, offset=1, limit=1, per_jurisdiction=2, text=False)
    >>> [(j["id"], [x["id"] for x in j["provisions"]], j["provision_total"], j["truncated"]) for j in p["jurisdictions"]]
    [('b', ['b0', 'b1'], 3, True)]
    >>> p["total"], p["truncated"], p["jurisdictions"][0]["provisions"][0]["text"]
    (3, True, None)
    """
    everyone = answer["jurisdictions"]
    end = len(everyone) if limit is None else offset + limit
    page = []
    for j in everyone[offset:end]:
        provisions = j["provisions"] if per_jurisdiction is None else j["provisions"][:per_jurisdiction]
        if not text:
            provisions = [{**p, "text": None} for p in provisions]
        page.append({**j, "provisions": provisions, "provision_total": len(j["provisions"]),
                     "truncated": len(provisions) < len(j["provisions"])})
    return {**answer, "jurisdictions": page, "total": len(everyone), "offset": offset, "limit": limit,
            "truncated": offset > 0 or end < len(everyone) or any(j["truncated"] for j in page)}


def provision_rows(data) -> list[dict]:
    """The rows the ``all_provisions`` query answers, from graph data about to be stored."""
    keys = ("id", "document", "jurisdiction", "number", "heading", "text", "kind", "span")
    rows = [p for (label, _), p in data.nodes.items() if label == "Provision"]
    rows.sort(key=lambda p: (p["document"], p["ordinal"]))
    return [{k: p.get(k) for k in keys} for p in rows]


def _deadline(row: dict) -> dict | None:
    if not row.get("deadline_kind") and not row.get("deadline_text"):
        return None
    return {k: row.get(f"deadline_{k}") for k in DEADLINE_KEYS}


def provision_out(row: dict) -> dict:
    out = {k: v for k, v in row.items() if not k.startswith("deadline_") and not k.endswith("_json")}
    out["deadline"] = _deadline(row)
    out["quantities"] = json.loads(row["quantities_json"]) if row.get("quantities_json") else []
    out["frequencies"] = json.loads(row["frequencies_json"]) if row.get("frequencies_json") else []
    return out


class Rendered:
    """The JSON bytes of an answer that depends only on the graph, kept with its gzip-compressed
    bytes (compressed once instead of once per request) and an ETag.

    >>> r = Rendered(b'{"a": 1}' * 200)
    >>> len(r.gzipped) < len(r.body) < 2000, r.etag == Rendered(r.body).etag
    (True, True)
    """
    __slots__ = ("body", "gzipped", "etag")

    def __init__(self, body: bytes, level: int = 9):
        import gzip
        import hashlib
        self.body = body
        self.gzipped = gzip.compress(body, compresslevel=level, mtime=0)
        self.etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gzipped)


class PolicyService:
    def __init__(self, store: GraphStore):
        self.store = store
        #: the folder last loaded, kept for the server's own use; answers name only its last part
        self.corpus_path: str | None = None
        self.loaded_at: float | None = None
        self._load_lock = threading.Lock()
        #: readers (API requests) hold it; a load's swap waits for them and holds new ones back
        self.gate = ReadWriteGate()
        #: the full-text index and the store generation it was built from, swapped as one
        self._index_state: tuple[object, SearchIndex | None] = (None, None)
        self._counts: dict | None = None
        #: what depends only on the graph — the matrix, the measure list, kept answers, memos —
        #: kept while the store's generation is the one they were made from
        self._per_graph: dict[str, object] = {}
        #: the store's generation the caches above were made from (None: not known yet)
        self._graph_gen: object = None
        self._gen_asked = 0.0                 # when the store was last asked for it
        self._index_lock = threading.Lock()
        self._memo_lock = threading.Lock()
        self._once_locks: dict[str, threading.Lock] = {}
        #: a long-running server's service: each loaded graph is frozen out of the garbage
        #: collector's sight (:mod:`policykg.graph.memory`) and what the first questions need is
        #: made ready after each load (:meth:`warm_up`); off for library use, which owns its process
        self.serving = False
        self._warming: list[threading.Thread] = []
        self._closing = threading.Event()

    # loading ---------------------------------------------------------------
    def parse(self, corpus_dir: Path | str | None = None, progress: Callable[[str], None] | None = None,
              strict: bool = False) -> Corpus:
        return load_corpus(corpus_dir, progress, strict=strict)

    def load(self, corpus_dir: Path | str | None = None,
             progress: Callable[[str], None] | None = None, wait: bool = True, strict: bool = False) -> LoadReport:
        """Parse and build the whole graph, then swap it in. A failure leaves the previous graph.

        Requests that hold :attr:`gate` for reading see the previous graph until the new one
        is whole, then the new one, never a mix. With ``wait=False`` a load that finds
        another one running raises :class:`Busy` instead of queueing behind it. A document
        that cannot be used is set aside (listed in the report and in the graph, with its
        reason) unless ``strict``, which refuses the whole corpus instead.
        """
        started = time.perf_counter()
        if not self._load_lock.acquire(blocking=wait):
            raise Busy("a reload is already running; try again when it has finished")
        try:
            with paused_gc(freeze=self.serving):
                built, counts = self._load(corpus_dir, progress, strict)
        finally:
            self._load_lock.release()
        if self.serving:
            self.warm_up_in_background()
        return LoadReport(built.corpus_path, built.documents, counts, built.warnings, time.perf_counter() - started,
                          built.set_aside)

    def _load(self, corpus_dir, progress, strict: bool) -> tuple[Built, dict]:
        built = self.build(corpus_dir, progress, strict)
        data = built.data
        counts = built.counts or data.counts()
        # the full-text index is built with the graph and swapped in with it: the first
        # question after a load finds it ready
        index = built.search_index()
        if self.store.backend == "neo4j":
            built.with_search_terms()               # kept beside each provision (graph.data)

        @contextmanager
        def swap():
            with self.gate.writing():
                try:
                    yield               # the store makes the new graph visible here
                except BaseException:
                    # a commit that failed may still have happened (a connection lost while
                    # committing): the caches are dropped and rebuilt from the store
                    self._index_state, self._counts = (None, None), None
                    self._per_graph = {}
                    self._graph_gen = None
                    raise
                # ...and when it did, the caches follow, tied to the generation the store switched
                # to (told before the switch: nothing here may fail once readers moved)
                self._per_graph = {}
                self._counts = counts
                self._graph_gen = getattr(self.store, "switching_to", None)
                self._gen_asked = time.monotonic()
                self._index_state = (self._graph_gen, index)
                self.corpus_path = built.corpus_path
                self.loaded_at = time.time()

        self.store.replace(data, swap)
        return built, counts

    def build(self, corpus_dir: Path | str | None = None, progress: Callable[[str], None] | None = None,
              strict: bool = False) -> Built:
        """Parse and build a corpus's graph, or take it from the cache when nothing it was built
        from has changed (:mod:`policykg.graph.cache`)."""
        from policykg.loaders.datafiles import DEFAULT_CORPUS
        from policykg.loaders.manifest import read_manifest
        k = None
        if graph_cache.enabled():
            manifest = read_manifest(Path(corpus_dir) if corpus_dir else DEFAULT_CORPUS)
            k = graph_cache.key(manifest.path, [e.file for e in manifest.documents], strict)
            cached = graph_cache.get(k)
            if cached is not None:
                if progress:
                    progress("the graph built before from these same files (cached)")
                return cached
        with paused_gc():
            return self._build(corpus_dir, progress, strict, k)

    def _build(self, corpus_dir, progress, strict: bool, k: str | None) -> Built:
        corpus = self.parse(corpus_dir, progress, strict=strict)
        counted = {p.id: p.search_terms for d in corpus.documents for p in d.provisions}
        made: dict = {}

        def index(graph) -> None:
            """The rows and full-text index, made while reused text is found (graph.build)."""
            made["rows"] = rows = provision_rows(graph)
            made["index"] = SearchIndex(rows, counted=[counted.get(r["id"]) for r in rows])
        data = build_graph(corpus, meanwhile=index)
        docs = [{"id": d.id, "jurisdiction": d.jurisdiction, "title": d.title,
                 "provisions": len(d.provisions), "items": sum(p.kind == "item" for p in d.provisions),
                 "sections": len(d.sections), "citations": len(d.citations),
                 "agencies": len({a["name"] for p in d.provisions for a in p.agencies}),
                 "noise_removed": len(d.removals)} for d in corpus.documents]
        set_aside = [{"id": a.id, "jurisdiction": a.jurisdiction, "file": a.file, "reason": a.reason}
                     for a in corpus.set_aside]
        built = Built(str(corpus.path), data, docs, corpus.warnings, set_aside, made["rows"], made["index"],
                      data.counts())
        if k is not None:
            graph_cache.put(k, built)
        return built

    def snapshot(self) -> GraphData:
        """The whole graph the store holds, read back as plain data (for exports and ``to_networkx``)."""
        g = GraphData()
        for r in self.store.query("graph_nodes"):
            g.nodes[(r["label"], r["id"])] = r["properties"]
        for r in self.store.query("graph_relationships"):
            g.rels[(r["type"], (r["src_label"], r["src"]), (r["dst_label"], r["dst"]))] = r["properties"]
        return g

    # questions -------------------------------------------------------------
    def health(self) -> dict:
        answers = self.store.ping()
        out = {"status": "ok" if answers else "unavailable", "store": self.store.backend, "store_answers": answers,
               "corpus": Path(self.corpus_path).name if self.corpus_path else None, "loaded_at": self.loaded_at}
        if not answers:
            out["message"] = f"the {self.store.backend} store does not answer"
        if answers:
            self._graph_cache()           # counts of another graph (another process's load) are forgotten
            if self._counts is None:      # a server on Neo4j that did not load it: count once
                self._counts = {r["name"]: r["count"] for r in self.store.query("graph_counts")}
            out["counts"] = self._counts
        return out

    def jurisdictions(self) -> list[dict]:
        return self.store.query("jurisdictions")

    def jurisdiction(self, jid: str) -> dict:
        rows = self.store.query("jurisdiction", id=jid)
        if not rows:
            raise NotFound("jurisdiction", jid)
        return rows[0]["jurisdiction"]

    def documents(self, status: str | None = None) -> list[dict]:
        """The corpus's documents; with `status` (loaded, set_aside) only those."""
        rows = self.store.query("documents")
        return [r for r in rows if r.get("status") == status] if status else rows

    def document(self, doc_id: str) -> dict:
        rows = self.store.query("document", id=doc_id)
        if not rows:
            raise NotFound("document", doc_id)
        doc = dict(rows[0]["document"])
        for key in ("title", "doc_number", "jurisdiction", "date", "issued", "published", "issuer"):
            doc.setdefault(key, None)
        for key in ("noise", "front", "closing"):
            doc[key] = json.loads(doc.pop(f"{key}_json", None) or "[]")
        doc["sections"] = self.store.query("document_sections", id=doc_id)
        doc["provisions"] = [provision_out(r) for r in self.store.query("document_provisions", id=doc_id)]
        doc["citations"] = self.store.query("document_citations", id=doc_id)
        # each provision's measures with their evidence, and how analysts cite it
        adopted: dict[str, list[dict]] = {}
        for m in self.store.query("document_measures", id=doc_id):
            for p in m["provisions"]:
                adopted.setdefault(p["id"], []).append({"measure": m["id"], "label_zh": m["label_zh"],
                                                        "label_en": m["label_en"], "matched": p["matched"],
                                                        "span": p["span"]})
        name = self.jurisdiction(doc["jurisdiction"])["name_zh"] if doc.get("jurisdiction") else None
        for p in doc["provisions"]:
            p["measures"] = sorted(adopted.get(p["id"], []), key=lambda m: m["span"][0])
            p["citation"] = cite(name, doc["title"], p["number"], p["ordinal"])
        return doc

    def provision(self, pid: str) -> dict:
        rows = self.store.query("provision", id=pid)
        if not rows:
            raise NotFound("provision", pid)
        return provision_out(rows[0])

    def agencies(self, jurisdiction: str | None = None) -> list[dict]:
        if jurisdiction is None:
            return self.store.query("agencies")
        self.jurisdiction(jurisdiction)   # 404 for an unknown id
        return self.store.query("jurisdiction_agencies", jurisdiction=jurisdiction)

    # measures ----------------------------------------------------------------
    def measures(self) -> list[dict]:
        return self._once("measures", lambda: self.store.query("measures"))

    def rendered(self, name: str, model, compute) -> "Rendered":
        """An answer computed once per graph, as the JSON bytes of `model` (validated and encoded
        once too: a 3,000-jurisdiction matrix takes seconds to encode, every time otherwise),
        with its gzip-compressed bytes made once as well and an ETag naming the content."""
        from pydantic import TypeAdapter

        def render():
            adapter = TypeAdapter(model)
            return Rendered(adapter.dump_json(adapter.validate_python(compute()), by_alias=True))
        return self._once(f"rendered:{name}", render)

    def _graph_cache(self) -> dict:
        """What this service keeps of the graph readers see now: emptied when the store's
        generation is not the one it was kept for (another process reloaded the Neo4j, say).
        Asking the store also makes a store that stopped answering fail the request, as an
        uncached answer would. On Neo4j the answer is trusted for :func:`generation_ttl`
        seconds (a round trip per request would cost more than the kept answer saves), unless
        the store is known to be down; this server's own reloads are seen at once."""
        if self._trusted():
            return self._per_graph
        gen = self.store.generation()
        self._gen_asked = time.monotonic()
        if gen != self._graph_gen:
            with self._memo_lock:
                if gen != self._graph_gen:
                    self._per_graph, self._counts, self._graph_gen = {}, None, gen
        return self._per_graph

    def _trusted(self) -> bool:
        """Whether the generation last read may be trusted without asking the store again (on
        Neo4j, for :func:`generation_ttl` seconds, unless the store is known to be down)."""
        ttl = 0.0 if self.store.in_memory else generation_ttl()
        return bool(ttl and self._graph_gen is not None and time.monotonic() - self._gen_asked < ttl
                    and not getattr(self.store, "known_down", False))

    def kept(self, key) -> "Rendered | None":
        """What is kept for the graph readers see under `key` (an API answer's key, or the name of
        an answer computed once per graph, ``"rendered:matrix"``), when that can be told at once:
        without asking Neo4j, whose generation is then still trusted, and without computing
        anything. The server sends such an answer from its event loop; None: ask in a thread.

        >>> from policykg.graph.nx_store import NetworkxStore
        >>> PolicyService(NetworkxStore()).kept("rendered:matrix") is None     # nothing kept yet
        True
        """
        if self.store.in_memory:
            if self.store.generation() != self._graph_gen:
                return None
        elif not self._trusted():
            return None
        cache = self._per_graph
        if isinstance(key, str):
            hit = cache.get(key)
            return hit if isinstance(hit, Rendered) else None
        if answer_bytes() == 0:
            return None                 # keeping answers is off: what was kept before is not sent
        with self._memo_lock:
            answers = cache.get("answers")
            hit = answers.get(key) if answers is not None else None
            if hit is not None:
                answers.move_to_end(key)
        return hit

    def answer(self, key, render) -> "Rendered | object":
        """An API answer of this graph, kept while the graph is (forgotten at the next swap): the
        `render()`-ed JSON bytes as :class:`Rendered`, the least recently asked dropped first when
        the kept answers pass :func:`answer_bytes` (``POLICYKG_ANSWER_CACHE_MB``). What `render`
        returns other than bytes (a response of its own) is handed back untouched."""
        limit = answer_bytes()
        if limit == 0:
            return render()
        cache = self._graph_cache()
        with self._memo_lock:
            kept = cache.setdefault("answers", OrderedDict())
            hit = kept.get(key)
            if hit is not None:
                kept.move_to_end(key)
                return hit
        out = render()
        if not isinstance(out, bytes):
            return out
        rendered = Rendered(out, level=6)
        if rendered.size > limit // 8:
            return rendered                            # too large to keep: sent, not kept
        with self._memo_lock:
            if key in kept:                            # another thread rendered it meanwhile
                return kept[key]
            kept[key] = rendered
            total = cache.get("answers_bytes", 0) + rendered.size
            while total > limit and len(kept) > 1:
                _, old = kept.popitem(last=False)
                total -= old.size
            cache["answers_bytes"] = total
        return rendered

    def _memo(self, space: str, key, compute, size: int = MEMO_SIZE):
        """An answer of this graph kept for the next time it is asked, the `size` most recently
        asked per space (adopters of a measure set, a comparison): forgotten with the graph at the
        next swap. Callers must not change what it hands back (they build pages around it)."""
        cache = self._graph_cache()
        with self._memo_lock:
            lru = cache.setdefault(f"memo:{space}", OrderedDict())
            if key in lru:
                lru.move_to_end(key)
                return lru[key]
        value = compute()
        with self._memo_lock:
            lru[key] = value
            while len(lru) > size:
                lru.popitem(last=False)
        return value

    def _once(self, name: str, compute):
        """An answer computed once per graph: the swap that brings a new graph forgets it.
        Concurrent first askers wait for the one computation (a 3,000-document matrix is seconds
        of Neo4j's time: eight of them at once would be eight times that), which may take longer
        than a request's store timeout (:meth:`patient`)."""
        cache = self._graph_cache()
        if name in cache:
            return cache[name]
        with self._memo_lock:
            lock = self._once_locks.setdefault(name, threading.Lock())
        with lock:
            if name not in cache:
                with self._patient():
                    cache[name] = compute()
        return cache[name]

    def _patient(self):
        """The store's reads in this thread without a request's timeout (work done once per graph)."""
        return getattr(self.store, "patient", nullcontext)()

    def matrix_answer(self) -> Rendered:
        """The coverage matrix as its JSON bytes (and their gzip), once per graph."""
        from policykg.schemas import Matrix
        return self.rendered("matrix", Matrix, self.matrix)

    def measures_answer(self) -> Rendered:
        """The measure list as its JSON bytes (and their gzip), once per graph."""
        from policykg.schemas import MeasureSummary
        return self.rendered("measures", list[MeasureSummary], self.measures)

    def measure(self, mid: str) -> dict:
        rows = self.store.query("measure", id=mid)
        if not rows:
            raise NotFound("measure", mid)
        out = dict(rows[0])
        out["adopters"] = self._by_jurisdiction(self.store.query("adopters", measures=[mid]))
        return out

    @staticmethod
    def _by_jurisdiction(rows: list[dict]) -> list[dict]:
        out: dict[str, dict] = {}
        for r in rows:
            j = out.setdefault(r["jurisdiction"], {"id": r["jurisdiction"], "jurisdiction": r["jurisdiction"],
                                                   "name_zh": r["name_zh"], "name_en": r["name_en"],
                                                   "name_status": r["name_status"], "provisions": []})
            hit = {"measure": r["measure"], "matched": r["matched"], "span": r["match_span"]}
            last = j["provisions"][-1] if j["provisions"] else None
            if last is not None and last["id"] == r["id"]:       # rows of one provision stand together
                last["measures"].append(hit)
                continue
            j["provisions"].append({"id": r["id"], "document": r["document"], "number": r["number"],
                                    "heading": r["heading"], "text": r["text"], "span": r["span"],
                                    "measure": r["measure"], "measures": [hit],
                                    "evidence": {"matched": r["matched"], "span": r["match_span"]}})
        return list(out.values())

    def search_index(self) -> SearchIndex:
        """The full-text index: built by the load that brought the graph; on a server reading a
        Neo4j it did not load (or that another process loaded since), built from the store once
        per generation (concurrent first questions wait for that one build rather than each
        building their own)."""
        self._graph_cache()                  # the generation readers see (trusted as kept answers are)
        gen = self._graph_gen
        built_for, index = self._index_state
        if index is None or built_for != gen:
            with self._index_lock:
                built_for, index = self._index_state
                if index is None or built_for != gen:
                    with self._patient():
                        rows = self.store.query("all_provisions")
                        # terms the load stored beside each provision (Neo4j): no tokenising here
                        stored = self.store.search_terms() if hasattr(self.store, "search_terms") else {}
                    index = SearchIndex(rows, counted=[Counter(stored[r["id"]].split()) if r["id"] in stored else None
                                                       for r in rows])
                    self._index_state = (gen, index)
        return index

    def warm_up_in_background(self) -> None:
        """:meth:`warm_up` in a thread of its own: the server answers meanwhile."""
        thread = threading.Thread(target=self.warm_up, name="policykg-warm-up", daemon=True)
        self._warming.append(thread)
        thread.start()

    def close(self, timeout: float = 30.0) -> None:
        """Stop warming up (waiting for the step under way, at most `timeout` seconds), then close
        the store: no background work outlives the store it reads."""
        self._closing.set()
        for thread in self._warming:
            thread.join(timeout)
        self.store.close()

    def warm_up(self) -> None:
        """Make ready what the first questions would otherwise wait for: jieba's dictionary, the
        full-text index, and the answers computed once per graph (the matrix takes seconds at
        3,000 documents). Failures are left for the question that meets them to report."""
        try:
            for step in (default_tagger, self.search_index, self.matrix_answer, self.measures_answer):
                if self._closing.is_set() or not self.store.ping():
                    return
                step()
        except Exception:              # noqa: BLE001 - a question will raise it with its context
            logging.getLogger(__name__).debug("warm-up failed", exc_info=True)

    def search(self, q: str, limit: int = 20) -> list[dict]:
        return self.search_index().search(q, limit=limit)

    def adoption(self, q: str, offset: int = 0, limit: int | None = None, per_jurisdiction: int | None = None,
                 text: bool = True) -> dict:
        """Which jurisdictions adopt what the phrase names: by measure, else by full-text search;
        a page of `limit` jurisdictions from `offset`, each with at most `per_jurisdiction`
        provisions (None: all), with the totals and whether anything was left out."""
        return page_adoption(self._adoption(q), offset, limit, per_jurisdiction, text)

    def _adoption(self, q: str) -> dict:
        book = load_codebook()
        theme = resolve_theme(q)
        if theme is not None:
            mids = [m.id for m in book.measures if theme["id"] in m.themes]
            measures = [{"id": m, "label_zh": book.measure(m).label_zh, "label_en": book.measure(m).label_en,
                         "score": 1.0} for m in mids]
            adopters = self._memo("adopters", tuple(mids),
                                  lambda: self._by_jurisdiction(self.store.query("adopters", measures=mids)))
            return {"query": q, "route": "theme", "theme": theme, "measures": measures, "jurisdictions": adopters}
        ranked = resolve(q, book, default_tagger())
        if ranked:
            mids = [m for m, _ in ranked]
            book = load_codebook()
            measures = [{"id": m, "label_zh": book.measure(m).label_zh, "label_en": book.measure(m).label_en,
                         "score": s} for m, s in ranked]
            adopters = self._memo("adopters", tuple(mids),
                                  lambda: self._by_jurisdiction(self.store.query("adopters", measures=mids)))
            return {"query": q, "route": "measure", "measures": measures, "jurisdictions": adopters}
        names = {j["id"]: j for j in self.jurisdictions()}
        out: dict[str, dict] = {}
        for hit in self.search(q):
            if hit["kind"] != "item":
                continue
            j = names[hit["jurisdiction"]]
            entry = out.setdefault(j["id"], {"id": j["id"], "jurisdiction": j["id"], "name_zh": j["name_zh"],
                                             "name_en": j["name_en"], "name_status": j["name_status"],
                                             "provisions": []})
            entry["provisions"].append({k: hit[k] for k in ("id", "document", "number", "heading", "text", "span", "score")})
        return {"query": q, "route": "fulltext", "measures": [], "jurisdictions": list(out.values()),
                "suggestions": self._suggestions(q, [p for j in out.values() for p in j["provisions"]])}

    def _suggestions(self, q: str, hits: list[dict], limit: int = 5) -> list[dict]:
        """The measures nearest a phrase no measure fits: first those the best full-text hits
        adopt (what the matching provisions are about), then those whose names come nearest
        the phrase's wording (:func:`policykg.graph.questions.nearest`)."""
        book, tagger = load_codebook(), default_tagger()
        weight: dict[str, float] = {}
        for rank, hit in enumerate(sorted(hits, key=lambda h: -h["score"])[:10]):
            for match in tagger.tag(hit["text"]):
                weight[match.measure] = weight.get(match.measure, 0.0) + 1.0 / (rank + 1)
        out = [{"id": m, "why": "adopted by the provisions that match best"}
               for m, _ in sorted(weight.items(), key=lambda x: (-x[1], x[0]))[:limit]]
        seen = {s["id"] for s in out}
        out += [{"id": m, "why": "named most like the question"} for m, _ in nearest(q, book, limit) if m not in seen]
        return [{**s, "label_zh": book.measure(s["id"]).label_zh, "label_en": book.measure(s["id"]).label_en}
                for s in out[:limit]]

    def compare(self, jurisdictions: list[str], theme: str | None = None, per_jurisdiction: int | None = None,
                text: bool = True) -> dict:
        """Jurisdictions side by side; each measure's provisions cut to `per_jurisdiction` per
        jurisdiction (None: all), with their totals, texts left out unless `text`."""
        whole = self._memo("compare", (tuple(jurisdictions), theme), lambda: self._compare(jurisdictions, theme))
        cut = False

        def page(entry: dict) -> dict:
            nonlocal cut
            totals = {j: len(ps) for j, ps in entry["provisions"].items()}
            kept = {j: (ps if per_jurisdiction is None else ps[:per_jurisdiction]) for j, ps in entry["provisions"].items()}
            if not text:
                kept = {j: [{**p, "text": None} for p in ps] for j, ps in kept.items()}
            truncated = any(len(kept[j]) < n for j, n in totals.items())
            cut = cut or truncated
            return {**entry, "provisions": kept, "provision_totals": totals, "truncated": truncated}

        answer = {**whole, "shared": [page(e) for e in whole["shared"]], "partial": [page(e) for e in whole["partial"]],
                  "only": {j: [page(e) for e in es] for j, es in whole["only"].items()}}
        answer["truncated"] = cut
        return answer

    def find_jurisdiction(self, name: str) -> str:
        """The id of the jurisdiction a user names: by id, or by its Chinese or English name, whole
        (北京市, Beijing Municipality) or without its level (北京, Beijing, 洛龙, Luolong). Raises
        NotFound listing the jurisdictions that have documents, or InvalidRequest when the name fits
        several."""
        rows = self.jurisdictions()
        exact = [j["id"] for j in rows if j["id"] == name.strip()]
        if exact:
            return exact[0]
        # in tiers: a whole name first (吉林省 is the province even where 吉林市 exists), then the
        # names without their level words; only a tie within a tier is ambiguous
        whole, bare = _name_key(name), _name_key(name, True)
        tiers = [lambda j: whole in {_name_key(j["id"]), _name_key(j["name_zh"]), _name_key(j["name_en"])},
                 lambda j: bare in {_name_key(j["name_zh"], True), _name_key(j["name_en"], True)}]
        for fits_tier in tiers:
            fits = [j["id"] for j in rows if whole and fits_tier(j)]
            if len(fits) == 1:
                return fits[0]
            if len(fits) > 1:
                raise InvalidRequest(f"{name!r} names several jurisdictions: {', '.join(fits)}; give an id")
        loaded = self._loaded_jurisdictions()
        listed = ", ".join(f"{j['id']} ({j['name_zh']})" for j in rows if j["id"] in loaded)
        raise NotFound("jurisdiction", name, f"jurisdictions with documents: {listed}")

    def _loaded_jurisdictions(self) -> set[str]:
        return {d["jurisdiction"] for d in self.documents() if d.get("status") != "set_aside"}

    def _compare(self, jurisdictions: list[str], theme: str | None = None) -> dict:
        if theme is not None and theme not in THEMES:
            raise InvalidRequest(f"unknown theme {theme!r}; one of {', '.join(THEMES)}")
        asked = [self.find_jurisdiction(j) for j in jurisdictions]
        js = list(dict.fromkeys(asked))
        if len(js) < len(asked):
            twice = next(j for j in js if asked.count(j) > 1)
            names = [n for n, j in zip(jurisdictions, asked) if j == twice]
            raise InvalidRequest(f"compare lists jurisdiction {twice!r} more than once"
                                 + (f" ({' and '.join(map(repr, names))})" if len(set(names)) > 1 else ""))
        if len(js) < 2:
            raise InvalidRequest("compare needs two or more different jurisdictions (j=ID&j=ID)")
        loaded = self._loaded_jurisdictions()
        without = [j for j in js if j not in loaded]
        js = [j for j in js if j in loaded]
        if len(js) < 2:
            names = ", ".join(f"{j} ({self.jurisdiction(j)['name_zh']})" for j in without)
            raise InvalidRequest(f"compare needs two or more jurisdictions with a document loaded; no document of "
                                 f"{names} is loaded, so what it adopts is unknown, not nothing")
        from policykg.differences import differences, facets, shaped
        by_measure: dict[str, dict] = {}
        for r in self.store.query("compare", jurisdictions=js, theme=theme):
            entry = by_measure.setdefault(r["measure"], {"id": r["measure"], "label_zh": r["label_zh"],
                                                         "label_en": r["label_en"], "themes": r["themes"],
                                                         "provisions": {}})
            entry["provisions"][r["jurisdiction"]] = [shaped(p) for p in r["provisions"]]
        for entry in by_measure.values():
            entry["facets"] = {j: facets(ps) for j, ps in entry["provisions"].items()}
            entry["differences"] = differences(entry["facets"]) if len(entry["provisions"]) > 1 else []
        shared, only, partial = [], {j: [] for j in js}, []
        for entry in by_measure.values():
            have = set(entry["provisions"])
            if have == set(js):
                shared.append(entry)
            elif len(have) == 1:
                only[next(iter(have))].append(entry)
            else:
                partial.append(entry)
        return {"jurisdictions": js, "theme": theme, "shared": shared, "only": only, "partial": partial,
                "agencies": {j: self.store.query("jurisdiction_agencies", jurisdiction=j) for j in js},
                "asked": dict(zip(jurisdictions, asked)),
                "no_documents": [{"id": j, "name_zh": self.jurisdiction(j)["name_zh"],
                                  "message": "no document of this jurisdiction is loaded: what it adopts is unknown"}
                                 for j in without]}

    def matrix(self) -> dict:
        return self._once("matrix", self._matrix)

    def _matrix(self) -> dict:
        loaded = self._loaded_jurisdictions()
        info = self.jurisdictions()
        juris = [j for j in hierarchy_order(info) if j in loaded]
        cells: dict[str, dict[str, int]] = {}
        for r in self.store.query("coverage_matrix"):
            cells.setdefault(r["measure"], {})[r["jurisdiction"]] = r["count"]
        measures = []
        for m in self.measures():
            counts = {j: cells.get(m["id"], {}).get(j, 0) for j in juris}
            measures.append({"id": m["id"], "label_zh": m["label_zh"], "label_en": m["label_en"], "themes": m["themes"],
                             "counts": counts, "adopters": sum(1 for n in counts.values() if n)})
        by_id = {j["id"]: j for j in info}
        return {"jurisdictions": juris,
                "levels": {j: by_id[j]["level"] for j in juris},
                "names": {j: by_id[j]["name_zh"] for j in juris},
                "measures": measures,
                "totals": {j: sum(1 for m in measures if m["counts"][j]) for j in juris}}

    def measure_agencies(self, measure: str | None = None, theme: str | None = None) -> list[dict]:
        if measure is not None:
            self.measure(measure)
        if theme is not None and theme not in THEMES:
            raise InvalidRequest(f"unknown theme {theme!r}")
        return self.store.query("measure_agencies", measure=measure, theme=theme)

    def responsibilities(self, measure: str | None = None, theme: str | None = None, jurisdiction: str | None = None,
                         agency_type: str | None = None, role: str | None = None, due_before: str | None = None,
                         offset: int = 0, limit: int | None = None, text: bool = True) -> dict:
        """Who must do what by when (:mod:`policykg.accountability`): the rows that match every
        filter given, a page of `limit` from `offset`, with `total` and `truncated`.

        Raises NotFound for an unknown measure or jurisdiction and InvalidRequest for an unknown
        theme, agency type or role, or a `due_before` that is not an ISO date."""
        from datetime import date
        from policykg.accountability import ROLES, shape
        from policykg.loaders.agencies import agency_types
        if measure is not None:
            self.measure(measure)
        if jurisdiction is not None:
            self.jurisdiction(jurisdiction)
        if theme is not None and theme not in THEMES:
            raise InvalidRequest(f"unknown theme {theme!r}; themes: {', '.join(THEMES)}")
        types = [t["id"] for t in agency_types()]
        if agency_type is not None and agency_type not in types:
            raise InvalidRequest(f"unknown agency type {agency_type!r}; types: {', '.join(types)}")
        if role is not None and role not in ROLES:
            raise InvalidRequest(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
        if due_before is not None:
            try:
                if len(due_before) != 10:
                    raise ValueError(due_before)
                due_before = date.fromisoformat(due_before).isoformat()
            except ValueError:
                raise InvalidRequest(f"due_before {due_before!r} is not a date written YYYY-MM-DD") from None
        filters = {"measure": measure, "theme": theme, "jurisdiction": jurisdiction, "agency_type": agency_type,
                   "role": role, "due_before": due_before}
        rows = self._memo("responsibilities", tuple(filters.values()),
                          lambda: [shape(r) for r in self.store.query("responsibilities", **filters)])
        end = len(rows) if limit is None else offset + limit
        page = rows[offset:end]
        if not text:
            page = [{**r, "provision": {**r["provision"], "text": None}} for r in page]
        return {"filters": filters, "rows": page, "total": len(rows), "offset": offset, "limit": limit,
                "truncated": offset > 0 or end < len(rows)}

    def timeline(self, mid: str) -> dict:
        """How a measure spread: when each jurisdiction first adopted it (the earliest dated
        document of its own whose provisions adopt it), the first adopters, and the spread by level
        and year. Documents with no issue or posting date are listed apart, never given a date;
        a jurisdiction whose only adopting documents are undated is among ``undated``.

        Each adopting document's date is its issue date, else its posting date (``date_source``)."""
        measure = self.measure(mid)
        rows = self.store.query("measure_timeline", id=mid)
        per_j: dict[str, dict] = {}
        for r in rows:
            doc = {"document": r["document"], "title": r["title"], "doc_number": r["doc_number"], "date": r["date"],
                   "date_source": "issued" if r["issued"] else ("published" if r["published"] else None),
                   "year": int(r["date"][:4]) if r["date"] else None, "provisions": r["provisions"]}
            j = per_j.setdefault(r["jurisdiction"], {"jurisdiction": r["jurisdiction"], "name_zh": r["name_zh"],
                                                     "name_en": r["name_en"], "level": r["level"],
                                                     "level_rank": r["level_rank"], "first": None, "documents": []})
            j["documents"].append(doc)
            if doc["date"] and (j["first"] is None or doc["date"] < j["first"]["date"]):
                j["first"] = doc
        dated = sorted((j for j in per_j.values() if j["first"]),
                       key=lambda j: (j["first"]["date"], j["level_rank"], j["jurisdiction"]))
        undated = [j for j in per_j.values() if not j["first"]]
        earliest = dated[0]["first"]["date"] if dated else None
        known = {d["year"] for j in dated for d in j["documents"] if d["year"]}
        years = list(range(min(known), max(known) + 1)) if known else []
        by_level = []
        for level in dict.fromkeys(j["level"] for j in sorted(per_j.values(), key=lambda j: j["level_rank"])):
            firsts = [j["first"]["year"] for j in dated if j["level"] == level]
            total, spread = 0, []
            for y in years:
                new = firsts.count(y)
                total += new
                spread.append({"year": y, "new": new, "total": total})
            by_level.append({"level": level, "adopters": len(firsts),
                             "undated": sum(1 for j in undated if j["level"] == level), "years": spread})
        return {"measure": {k: measure[k] for k in ("id", "label_zh", "label_en")},
                "first_adopters": [j["jurisdiction"] for j in dated if j["first"]["date"] == earliest],
                "jurisdictions": dated, "undated": undated, "years": years, "by_level": by_level}

    def jurisdiction_measures(self, jid: str) -> list[dict]:
        self.jurisdiction(jid)
        return self.store.query("jurisdiction_measures", jurisdiction=jid)

    def similar(self, pid: str) -> list[dict]:
        self.provision(pid)
        return self.store.query("similar_provisions", id=pid)

    # lineage -------------------------------------------------------------------
    @staticmethod
    def _doc_ref(row: dict) -> dict:
        return {k: row.get(k) for k in ("id", "title", "doc_number", "issuer", "level", "jurisdiction", "in_corpus")}

    def _steps(self, rows: list[dict]) -> list[dict]:
        """One step per document reached, at its shortest route (rows come shortest first), with
        every route to it in ``routes`` — a document reached by citation and by reused text, or
        directly and through another, is listed once."""
        steps: dict[str, dict] = {}
        for r in rows:
            route = {"path": r["path"], "relation": r["relation"], "depth": r["depth"], "evidence": r["evidence"]}
            step = steps.get(r["id"])
            if step is None:
                steps[r["id"]] = {"document": self._doc_ref(r), **route, "routes": [route]}
            else:
                step["routes"].append(route)
        return list(steps.values())

    def lineage(self, doc_id: str) -> dict:
        """A document's chain up to the national level and down to what carries it out."""
        doc = self.document_ref(doc_id)
        reuse = [{**r, **{k: self._pairs(r[k]) for k in ("provision_spans", "source_spans", "provision_ranges",
                                                           "source_ranges")}}
                 for r in self.store.query("document_reuse", id=doc_id)]
        return {"document": doc,
                "ancestors": self._steps(self.store.query("lineage_ancestors", id=doc_id)),
                "descendants": self._steps(self.store.query("lineage_descendants", id=doc_id)),
                "reuse": reuse}

    def implementation(self, doc_id: str) -> dict:
        """The implementation gap: for a document and each ancestor in the corpus that it cites as
        carried out, or that is of its own jurisdiction or one above it (reached by citation or
        by reused text, :meth:`lineage`),
        the ancestor's measures the document took up, those it left out, and those it added.
        Ancestors known only as cited titles (not in the corpus) are listed apart: what they hold
        is unknown. A document whose wording a sibling district shares is not its ancestor here."""
        doc = self.document_ref(doc_id)

        def measures(did: str) -> dict[str, dict]:
            return {r["id"]: r for r in self.store.query("document_measures", id=did)}

        def entry(m: dict, own: dict | None, theirs: dict | None) -> dict:
            return {"measure": {k: m[k] for k in ("id", "label_zh", "label_en", "themes")},
                    "provisions": own["provisions"] if own else [],
                    "ancestor_provisions": theirs["provisions"] if theirs else []}

        own = measures(doc_id)
        doc_jurisdiction = {d["id"]: d["jurisdiction"] for d in self.documents()}
        parents = {j["id"]: j.get("parent") for j in self.jurisdictions()}
        above, j = [], doc.get("jurisdiction")
        while j is not None and j not in above:
            above.append(j)
            j = parents.get(j)
        compared, outside = [], []
        for step in self._steps(self.store.query("lineage_ancestors", id=doc_id)):
            ref = step["document"]
            if not ref.get("in_corpus"):
                outside.append({"document": ref, "relation": step["relation"], "depth": step["depth"]})
                continue
            routes = [r for r in step["routes"] if self._carried_out(r, ref, above, doc_jurisdiction)]
            if not routes:
                continue      # a sibling's or a stranger's plan, or one reached only through theirs
            theirs = measures(ref["id"])
            took = [entry(theirs[m], own[m], theirs[m]) for m in sorted(theirs) if m in own]
            left = [entry(theirs[m], None, theirs[m]) for m in sorted(theirs) if m not in own]
            added = [entry(own[m], own[m], None) for m in sorted(own) if m not in theirs]
            # the shortest of the routes that count (rows come shortest first)
            depth = routes[0]["depth"]
            compared.append({"ancestor": ref, "relation": routes[0]["relation"], "depth": depth,
                             "relations": sorted({r["relation"] for r in routes if r["depth"] == depth}),
                             "routes": [{k: r[k] for k in ("path", "relation", "depth")} for r in routes],
                             "took_up": took, "left_out": left, "added": added,
                             "coverage": round(len(took) / len(theirs), 3) if theirs else None})
        # nearest in the hierarchy first (its own jurisdiction's older plans, its city, its province …)
        rank = {j: i for i, j in enumerate(above)}
        compared.sort(key=lambda a: (rank.get(a["ancestor"].get("jurisdiction"), len(rank)), a["depth"], a["ancestor"]["id"]))
        return {"document": doc, "measures": len(own), "ancestors": compared, "outside_corpus": outside}

    @staticmethod
    def _carried_out(route: dict, ref: dict, above: list[str], doc_jurisdiction: dict[str, str]) -> bool:
        """Whether a lineage route leads to a plan the document carries out: one it cites itself,
        or one of its own jurisdiction or above reached through such plans only (never through a
        sibling's plan that happens to share wording)."""
        if route["depth"] == 1 and route["relation"] == "implements":
            return True
        inner = route["path"][1:-1]
        return ref.get("jurisdiction") in above and all(doc_jurisdiction.get(d) in above for d in inner)

    def document_ref(self, doc_id: str) -> dict:
        rows = self.store.query("document", id=doc_id)
        if not rows:
            raise NotFound("document", doc_id)
        return self._doc_ref(rows[0]["document"])

    @staticmethod
    def _pairs(flat: list[int] | None) -> list[list[int]]:
        flat = flat or []
        return [[flat[i], flat[i + 1]] for i in range(0, len(flat) - 1, 2)]

    def provision_lineage(self, pid: str) -> dict:
        provision = self.provision(pid)

        def rows(name):
            out = []
            for r in self.store.query(name, id=pid):
                out.append({**{k: r[k] for k in ("id", "document", "jurisdiction", "number", "text", "score",
                                                 "aligned_chars", "passages")},
                            "source_spans": self._pairs(r["source_spans"]),
                            "target_spans": self._pairs(r["target_spans"])})
            return out

        return {"provision": provision, "derived_from": rows("provision_derived_from"),
                "derived_into": rows("provision_derived_into")}

    def jurisdiction_lineage(self, jid: str) -> dict:
        jurisdiction = self.jurisdiction(jid)
        docs = self.store.query("jurisdiction_documents", jurisdiction=jid)
        return {"jurisdiction": jurisdiction, "documents": [self.lineage(d["id"]) for d in docs]}
