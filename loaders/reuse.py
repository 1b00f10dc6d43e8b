"""Text reuse across documents: which provisions a lower document took from a higher one.

In the manner of the Legislative Influence Detector (LID):

1. **Candidates without all-pairs.** Every provision is cut into character n-grams
   (``N`` = 5, on simplified text without punctuation). N-grams found in many documents
   are boilerplate (知识产权保护, 加强…建设) and are dropped; the rest go into an inverted
   index, with postings kept per jurisdiction and capped. A provision looks up only its own
   jurisdiction and its ancestors (up to three levels, where lineage runs), and is a
   candidate pair with a provision there when they share at least ``MIN_SHARED`` rare
   n-grams. The work per provision does not grow with the corpus, so the whole is linear.
   It is worked out as arrays (numpy) over the whole corpus at once, in the main process,
   since it needs every document's n-grams (:func:`_candidates`).
2. **Local alignment** of each candidate pair, seed and extend: the common blocks of the
   texts' longest common subsequence (rapidfuzz's Indel opcodes, in C++), at least an
   n-gram long, are chained into gapped regions where consecutive blocks
   stand within ``MAX_GAP`` characters in both texts — a paraphrase with small edits aligns
   as one region, as in Smith–Waterman with gaps, at a fraction of its cost. A region counts
   when its matched characters covered by non-boilerplate n-grams reach ``MIN_WEIGHT``.
   Pairs are aligned in forked worker processes when there are enough of them.
3. **Direction.** A provision is DERIVED_FROM the other when its document's jurisdiction
   lies below the other's (洛龙区 under 洛阳市), or, within one jurisdiction, when its
   document is dated later. Text shared by unrelated jurisdictions is common ancestry, not
   lineage, and is not reported.

>>> from policykg.loaders.pipeline import load_corpus
>>> result = find_reuse(load_corpus())
>>> pairs = {(a.source.split(".")[0], a.target.split(".")[0]) for a in result.alignments}
>>> ("luolong", "luoyang") in pairs
True
"""
from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from rapidfuzz.distance import Indel

from policykg.loaders.pipeline import Corpus
from policykg.loaders.reuse_text import MIN_ALIGNED, clean as _clean

N = 5
MIN_SHARED = 6               # rare n-grams a candidate pair must share (a 16-character reuse shares more)
MIN_BLOCK = N               # matching blocks shorter than an n-gram are noise
MAX_GAP = 15                # blocks closer than this (in both texts) chain into one gapped alignment
MIN_WEIGHT = 16             # aligned characters covered by non-boilerplate n-grams that make a reuse
BOILERPLATE_SHARE = 0.2     # an n-gram in this share of documents is boilerplate,
BOILERPLATE_MIN = 4         # provided it is in at least this many documents;
BOILERPLATE_MAX = 50        # and one in this many documents is boilerplate at any corpus size
MAX_POSTINGS = 200          # n-grams with longer posting lists are too common to retrieve with
PAIRS_PER_CHUNK = 1_000_000  # candidate pairs worked out at once (bounds the arrays' memory)


@dataclass
class Alignment:
    source: str                         # provision id of the derived (lower, later) provision
    target: str                         # provision id it derives from
    score: float                        # share of the source provision's text that is aligned reuse
    aligned_chars: int
    source_spans: list[tuple[int, int]]  # in the source provision's file
    target_spans: list[tuple[int, int]]  # in the target provision's file
    text: list[str]                      # the aligned passages
    source_ranges: list[tuple[int, int]] = field(default_factory=list)   # within the source provision's text
    target_ranges: list[tuple[int, int]] = field(default_factory=list)   # within the target provision's text


@dataclass
class DocumentReuse:
    source: str          # document id
    target: str
    provisions: int      # provisions of the source that reuse the target
    of_provisions: int   # provisions of the source in all
    share: float         # share of the source's provision text that is aligned reuse


@dataclass
class ReuseResult:
    alignments: list[Alignment] = field(default_factory=list)
    documents: list[DocumentReuse] = field(default_factory=list)
    candidates: int = 0


def _source_offsets(p) -> list[int]:
    offs: list[int] = []
    for i, (a, b) in enumerate(p.fragments):
        if i in p.breaks:
            offs.append(a)
        offs.extend(range(a, b))
    return offs


def _spans(positions: list[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pos in sorted(positions):
        if spans and pos <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], pos + 1)
        else:
            spans.append((pos, pos + 1))
    return spans


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and lengths of the runs of equal values in a sorted array.

    >>> [a.tolist() for a in _runs(np.array([3, 3, 5, 7, 7, 7]))]
    [[0, 2, 3], [2, 1, 3]]
    """
    if not len(keys):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    brk = np.ones(len(keys), dtype=bool)
    brk[1:] = keys[1:] != keys[:-1]
    starts = np.flatnonzero(brk)
    return starts, np.diff(np.append(starts, len(keys)))


def _offsets(lengths: np.ndarray) -> np.ndarray:
    """0 … n−1 for each of runs of these lengths, end to end.

    >>> _offsets(np.array([2, 3])).tolist()
    [0, 1, 0, 1, 2]
    """
    return np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)


def _candidates(provs, docs, corpus: Corpus, cleaned, limit: float) -> tuple[dict[tuple[str, str], int], set[str]]:
    """The rare n-grams each candidate pair of provisions shares, ``{(a, b): n}``, and the
    boilerplate n-grams (in `limit` documents or more).

    A pair is counted once per n-gram found in fewer than `limit` documents and in both: two
    provisions of one jurisdiction's different documents (keyed in id order), or a provision and
    one of its jurisdiction's three nearest ancestors' (keyed lower first), leaving out any
    n-gram a jurisdiction holds in more than ``MAX_POSTINGS`` provisions. Worked out as arrays
    (numpy) over the whole corpus at once: every n-gram as two exact keys of its code points,
    sorted once, so that its provisions and documents stand together; then the pairs of each
    posting list with itself and with its ancestors' lists, in chunks of bounded size."""
    texts = [cleaned[p.id][0] for _, p in provs]
    P = len(texts)
    if not P:
        return {}, set()
    big = "\x00".join(texts)
    codes = np.frombuffer(big.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    n = len(codes) - N + 1
    if n <= 0:
        return {}, set()
    c = codes.astype(np.uint64)
    cs = np.concatenate(([0], np.cumsum(codes == 0)))
    pos = np.flatnonzero(cs[N:N + n] == cs[:n])
    # a 5-gram as two exact keys: three code points (21 bits each) and two
    k1 = ((c[:n] << np.uint64(42)) | (c[1:n + 1] << np.uint64(21)) | c[2:n + 2])[pos]
    k2 = ((c[3:n + 3] << np.uint64(21)) | c[4:n + 4])[pos]
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=P)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    prov = np.searchsorted(starts, pos, side="right") - 1
    order = np.lexsort((k2, k1))            # stable: by gram, then position (so provision, document)
    k1s, k2s = k1[order], k2[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (k1s[1:] != k1s[:-1]) | (k2s[1:] != k2s[:-1])
    gs = np.cumsum(new, dtype=np.int64) - 1  # gram ids, by gram
    G = int(gs[-1]) + 1 if len(order) else 0
    rep = pos[order[new]]                   # a position of each gram
    ps = prov[order]
    first = new.copy()
    first[1:] |= ps[1:] != ps[:-1]          # a gram's first row in each provision
    g_of, p_of = gs[first], ps[first]
    doc_ids = list(dict.fromkeys(d for d, _ in provs))
    dindex = {d: i for i, d in enumerate(doc_ids)}
    pdoc = np.fromiter((dindex[d] for d, _ in provs), dtype=np.int64, count=P)
    ds = pdoc[ps]
    dfirst = new.copy()
    dfirst[1:] |= ds[1:] != ds[:-1]         # ... in each document
    df = np.bincount(gs[dfirst], minlength=G)
    boiler = {big[i:i + N] for i in rep[np.flatnonzero(df >= limit)].tolist()}
    keep = (df[g_of] >= 2) & (df[g_of] < limit)
    g, p = g_of[keep], p_of[keep]
    jur_ids = sorted({docs[d].jurisdiction for d, _ in provs})
    jindex = {j: i for i, j in enumerate(jur_ids)}
    pj = np.fromiter((jindex[docs[d].jurisdiction] for d, _ in provs), dtype=np.int64, count=P)
    j = pj[p]
    # postings: an n-gram's provisions in one jurisdiction, in provision order; those longer
    # than MAX_POSTINGS are left out
    o = np.lexsort((p, j, g))
    g, p, j = g[o], p[o], j[o]
    jurs = len(jur_ids)
    starts, size = _runs(g * jurs + j)
    kept = size <= MAX_POSTINGS
    starts, size = starts[kept], size[kept]
    if not len(starts):
        return {}, boiler
    run_g, run_j = g[starts], j[starts]
    run_key = run_g * jurs + run_j                      # sorted
    # each jurisdiction's three nearest ancestors (-1: none), as a table
    anc = np.full((jurs, 3), -1, dtype=np.int64)
    for jid, k in jindex.items():
        for i, a in enumerate(corpus.hierarchy.chain(jid, 3)[1:]):
            anc[k, i] = jindex.get(a, -1)
    # each provision's place in id order: pair keys are ordered by id
    by_id = sorted(range(P), key=lambda k: provs[k][1].id)
    rank = np.empty(P, dtype=np.int64)
    rank[by_id] = np.arange(P)
    # a posting list is paired with itself (two documents of one jurisdiction) and with the same
    # n-gram's posting list of each ancestor: at most MAX_POSTINGS² pairs a block, built in chunks
    keys = []
    for level in range(4):
        if level == 0:
            mine, theirs = np.flatnonzero(size >= 2), None
        else:
            up = anc[run_j, level - 1]
            want = run_g * jurs + up
            at = np.minimum(np.searchsorted(run_key, want), len(run_key) - 1)
            hit = (up >= 0) & (run_key[at] == want)
            mine, theirs = np.flatnonzero(hit), at[hit]
        if not len(mine):
            continue
        other = mine if theirs is None else theirs
        work = np.cumsum(size[mine] * size[other])
        i = 0
        while i < len(mine):
            done = int(work[i - 1]) if i else 0
            k = max(i + 1, int(np.searchsorted(work, done + PAIRS_PER_CHUNK, side="right")))
            a_n, b_n = size[mine[i:k]], size[other[i:k]]
            each = np.repeat(b_n, a_n)                  # each left row's partners
            left = np.repeat(np.repeat(starts[mine[i:k]], a_n) + _offsets(a_n), each)
            right = np.repeat(np.repeat(starts[other[i:k]], a_n), each) + _offsets(each)
            i = k
            pl, pr = p[left], p[right]
            if theirs is None:          # within a jurisdiction: each pair once, across documents
                sel = (pl < pr) & (pdoc[pl] != pdoc[pr])
                lo, hi = np.minimum(rank[pl], rank[pr])[sel], np.maximum(rank[pl], rank[pr])[sel]
                keys.append(lo * P + hi)
            else:                       # the lower provision first
                keys.append(rank[pl] * P + rank[pr])
    if not keys:
        return {}, boiler
    pair, count = np.unique(np.concatenate(keys), return_counts=True)
    ids = [provs[k][1].id for k in by_id]
    shared = {(ids[x // P], ids[x % P]): n for x, n in zip(pair.tolist(), count.tolist())}
    return shared, boiler


def _direction(a_doc, b_doc, corpus: Corpus) -> int:
    """+1 when a derives from b, -1 when b derives from a, 0 when unknown.

    Wording runs from the earlier text to the later one: issue dates decide first (a 2019
    province plan can take a 2017 city plan's wording, never the other way); with no dates, or
    the same, the higher level is the source."""
    if a_doc.date and b_doc.date and a_doc.date != b_doc.date:
        return 1 if a_doc.date > b_doc.date else -1
    h = corpus.hierarchy
    if h.is_ancestor(b_doc.jurisdiction, a_doc.jurisdiction):
        return 1
    if h.is_ancestor(a_doc.jurisdiction, b_doc.jurisdiction):
        return -1
    return 0


def find_reuse(corpus: Corpus) -> ReuseResult:
    docs = {d.id: d for d in corpus.documents}
    provs = [(d.id, p) for d in corpus.documents for p in d.provisions if len(p.body_norm) >= MIN_ALIGNED]
    # the parse workers cleaned each provision already (reuse_clean); a corpus parsed otherwise is cleaned here
    cleaned = {p.id: p.reuse_clean or _clean(p.body_norm) for _, p in provs}
    limit = max(BOILERPLATE_MIN, min(BOILERPLATE_MAX, BOILERPLATE_SHARE * len(corpus.documents)))
    shared, boiler = _candidates(provs, docs, corpus, cleaned, limit)
    owner = {p.id: doc for doc, p in provs}

    by_id = {p.id: p for _, p in provs}
    result = ReuseResult(candidates=sum(1 for n in shared.values() if n >= MIN_SHARED))
    pairs: list[tuple[str, str]] = []
    for (a, b), n in sorted(shared.items()):
        if n < MIN_SHARED:
            continue
        way = _direction(docs[owner[a]], docs[owner[b]], corpus)
        if way == 0:
            continue
        pairs.append((a, b) if way > 0 else (b, a))
    result.alignments = [found for found in _align_pairs(pairs, by_id, cleaned, boiler, len(docs)) if found]

    # per-document summary
    per_pair: dict[tuple[str, str], list[Alignment]] = defaultdict(list)
    for al in result.alignments:
        per_pair[(owner[al.source], owner[al.target])].append(al)
    for (sd, td), als in sorted(per_pair.items()):
        src_doc = docs[sd]
        best: dict[str, int] = {}
        for al in als:
            best[al.source] = max(best.get(al.source, 0), al.aligned_chars)
        total = sum(len(cleaned[p.id][0]) if p.id in cleaned else len(p.body_norm)
                    for p in src_doc.provisions) or 1
        result.documents.append(DocumentReuse(sd, td, len(best), len(src_doc.provisions),
                                              round(sum(best.values()) / total, 3)))
    return result


#: candidate pairs from which aligning them is shared out among forked workers
PARALLEL_PAIRS = 2000
_ALIGNING: tuple | None = None     # what forked alignment workers read (inherited, never pickled)
_ALIGNING_LOCK = threading.Lock()  # one corpus at a time in _ALIGNING, whichever thread loads


def _align_chunk(bounds: tuple[int, int]) -> list:
    pairs, by_id, cleaned, boiler = _ALIGNING
    return [_align(by_id[s], by_id[t], cleaned, boiler) for s, t in pairs[bounds[0]:bounds[1]]]


def _align_pairs(pairs, by_id, cleaned, boiler, documents: int) -> list:
    """Each candidate pair aligned (None where it holds no reuse), in the order given: in forked
    workers, which read the texts copy-on-write, when there are enough pairs and cores for it
    (the same workers as the parse: ``POLICYKG_WORKERS``, else one per core). The workers keep
    the collector as the load left it (paused, graph.memory): a collection in a worker would
    touch every object of the corpus and so copy its memory, and aligning makes no cycles."""
    from policykg.loaders.pipeline import _workers
    workers = _workers(documents)
    if workers < 2 or len(pairs) < PARALLEL_PAIRS:
        return [_align(by_id[s], by_id[t], cleaned, boiler) for s, t in pairs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    global _ALIGNING
    step = -(-len(pairs) // (workers * 4))
    with _ALIGNING_LOCK:
        _ALIGNING = (pairs, by_id, cleaned, boiler)
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                return [a for chunk in pool.map(_align_chunk, [(i, i + step) for i in range(0, len(pairs), step)])
                        for a in chunk]
        finally:
            _ALIGNING = None


class _Block(NamedTuple):
    a: int       # start in the source text
    b: int       # start in the target text
    size: int


def _align(src, tgt, cleaned, boiler) -> Alignment | None:
    s_text, s_pos = cleaned[src.id]
    t_text, t_pos = cleaned[tgt.id]
    blocks = [_Block(o.src_start, o.dest_start, o.src_end - o.src_start)
              for o in Indel.opcodes(s_text, t_text)
              if o.tag == "equal" and o.src_end - o.src_start >= MIN_BLOCK]
    regions: list[list] = []
    for b in blocks:
        last = regions[-1][-1] if regions else None
        if last and b.a - (last.a + last.size) <= MAX_GAP and b.b - (last.b + last.size) <= MAX_GAP:
            regions[-1].append(b)
        else:
            regions.append([b])

    def rare_weight(block) -> float:
        """Characters of the block covered by at least one non-boilerplate n-gram."""
        piece = s_text[block.a:block.a + block.size]
        covered = [False] * len(piece)
        for i in range(len(piece) - N + 1):
            if piece[i:i + N] not in boiler:
                covered[i:i + N] = [True] * N
        return float(sum(covered))

    s_hit: list[int] = []
    t_hit: list[int] = []
    weight = 0.0
    passages = []
    for region in regions:
        w = sum(rare_weight(b) for b in region)
        if w < MIN_WEIGHT:
            continue
        weight += w
        for b in region:
            s_hit += range(b.a, b.a + b.size)
            t_hit += range(b.b, b.b + b.size)
        first, last = region[0], region[-1]
        passages.append(s_text[first.a:last.a + last.size])
    if len(s_hit) < MIN_ALIGNED:
        return None
    s_off, t_off = _source_offsets(src), _source_offsets(tgt)
    s_ranges = _spans([s_pos[i] for i in s_hit])
    t_ranges = _spans([t_pos[i] for i in t_hit])
    return Alignment(src.id, tgt.id, round(weight / max(1, len(s_text)), 3), len(s_hit),
                     [(s_off[a], s_off[b - 1] + 1) for a, b in s_ranges],
                     [(t_off[a], t_off[b - 1] + 1) for a, b in t_ranges],
                     passages, s_ranges, t_ranges)


class PendingReuse:
    """:func:`find_reuse` of a corpus, worked out in a forked process while the caller builds the
    rest of the graph (reuse candidates are a second of numpy's single-threaded work at 1,000
    documents, with the other core idle); worked out here instead when the load uses one process
    (``POLICYKG_WORKERS=1``, a small corpus, no ``fork``), or when the forked process fails.

    >>> from policykg.loaders.pipeline import load_corpus
    >>> pending = PendingReuse(load_corpus())
    >>> len(pending.result().alignments) > 0
    True
    """

    def __init__(self, corpus):
        from policykg.loaders.pipeline import _workers
        self._corpus = corpus
        self._result: ReuseResult | None = None
        self._process = self._conn = None
        if _workers(len(corpus.documents)) > 1:
            import multiprocessing
            context = multiprocessing.get_context("fork")
            self._conn, send = context.Pipe(duplex=False)
            # not a daemon: its own alignment workers are its children (in its process group, so
            # that stopping it stops them too)
            self._process = context.Process(target=_reuse_in_child, args=(corpus, send),
                                            name="policykg-reuse", daemon=False)
            try:
                self._process.start()
            except OSError:                  # no process to be had: found here, in result()
                self._conn.close()
                self._process = self._conn = None
            send.close()

    def result(self) -> ReuseResult:
        if self._result is None:
            if self._process is not None:
                try:
                    ok, payload = self._conn.recv()
                except (EOFError, OSError):
                    ok, payload = None, None         # the process died (killed, out of memory)
                if ok is None:
                    self._stop_group()               # its alignment workers, orphaned
                self._process.join()
                self.close()
                if ok is False:
                    raise payload
                self._result = payload
                if ok is None:
                    import logging
                    logging.getLogger(__name__).warning("finding reused text in a forked process failed; "
                                                        "finding it in this one")
            if self._result is None:
                self._result = find_reuse(self._corpus)
        return self._result

    def close(self) -> None:
        """Stop the forked process and its alignment workers if it still runs (the build failed
        meanwhile), and release it."""
        if self._process is not None:
            if self._process.is_alive():
                self._stop_group()
            self._process.join()
            self._conn.close()
            self._process = None

    def _stop_group(self) -> None:
        """Kill the forked process's group (it and its workers), before it is reaped: until then
        its id, which names the group, cannot be another process's."""
        import os
        import signal
        try:
            os.killpg(self._process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            self._process.kill()


def _reuse_in_child(corpus, conn) -> None:
    import os
    os.setpgid(0, 0)                   # a group of its own, which its workers join
    try:
        out = (True, find_reuse(corpus))
    except BaseException as exc:       # noqa: BLE001 - raised again in the parent, with its type
        out = (False, exc)
    try:
        conn.send(out)
    finally:
        conn.close()
