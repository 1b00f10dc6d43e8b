"""Reused-text candidates, worked out as arrays, are the pairs an inverted index of rare n-grams
finds (written out below as the oracle, in the plain way the loader once did it); and aligning
the pairs in forked workers gives what aligning them in turn gives."""
from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import pytest

from policykg.benchmarks.synthetic import write_corpus
from policykg.loaders import reuse
from policykg.loaders.pipeline import load_corpus
from policykg.loaders.reuse_text import clean

DATA = Path(__file__).parent / "data"


def oracle(provs, docs, corpus, cleaned, limit):
    """Every provision's n-grams as a set of strings; an inverted index per n-gram and
    jurisdiction; pairs counted over each posting list with itself and its ancestors' lists."""
    n = reuse.N
    grams = {p.id: {t[i:i + n] for i in range(len(t) - n + 1)} for p, t in
             ((p, cleaned[p.id][0]) for _, p in provs)}
    doc_freq: Counter = Counter()
    for d in corpus.documents:
        doc_freq.update(set().union(*(grams[p.id] for p in d.provisions if p.id in grams)))
    boiler = {g for g, f in doc_freq.items() if f >= limit}
    shareable = {g for g, f in doc_freq.items() if 2 <= f < limit}
    index: dict[str, dict[str, list[str]]] = {}
    owner = {p.id: doc for doc, p in provs}
    for doc, p in provs:
        for g in grams[p.id] & shareable:
            index.setdefault(g, {}).setdefault(docs[doc].jurisdiction, []).append(p.id)
    shared: Counter = Counter()
    for by_j in index.values():
        for j, plist in by_j.items():
            if len(plist) > reuse.MAX_POSTINGS:
                continue
            for anc in corpus.hierarchy.chain(j, 3):
                qlist = by_j.get(anc)
                if not qlist or len(qlist) > reuse.MAX_POSTINGS:
                    continue
                if anc == j:
                    for i, p in enumerate(plist):
                        for q in plist[i + 1:]:
                            if owner[p] != owner[q]:
                                shared[(p, q) if p < q else (q, p)] += 1
                else:
                    for p in plist:
                        for q in qlist:
                            shared[(p, q)] += 1
    return dict(shared), boiler


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    generated = write_corpus(str(tmp_path_factory.mktemp("reuse")), documents=80, seed=3)
    return {"bundled": load_corpus(), "genre": load_corpus(DATA / "genre"),
            "implementation": load_corpus(DATA / "implementation"), "generated": load_corpus(generated)}


def _inputs(corpus):
    docs = {d.id: d for d in corpus.documents}
    provs = [(d.id, p) for d in corpus.documents for p in d.provisions if len(p.body_norm) >= reuse.MIN_ALIGNED]
    cleaned = {p.id: p.reuse_clean or clean(p.body_norm) for _, p in provs}
    return provs, docs, corpus, cleaned


@pytest.mark.parametrize("postings", [200, 3])           # as shipped, and a cap the corpora exceed
@pytest.mark.parametrize("limit", [4, 50])
@pytest.mark.parametrize("name", ["bundled", "genre", "implementation", "generated"])
def test_the_arrays_find_the_pairs_the_inverted_index_finds(corpora, name, limit, postings, monkeypatch):
    monkeypatch.setattr(reuse, "MAX_POSTINGS", postings)
    monkeypatch.setattr(reuse, "PAIRS_PER_CHUNK", 50)     # many chunks, each at least one block
    args = _inputs(corpora[name])
    expected = oracle(*args, limit)
    assert reuse._candidates(*args, limit) == expected
    if name == "generated" and postings == 200:
        assert len(expected[0]) > 100 and expected[1]     # the generated corpus reuses, and has boilerplate


def test_short_texts_and_no_texts_give_no_pairs(corpora):
    provs, docs, corpus, cleaned = _inputs(corpora["bundled"])
    short = {k: (v[0][:4], v[1][:4]) for k, v in cleaned.items()}
    assert reuse._candidates(provs, docs, corpus, short, 4) == ({}, set())
    assert reuse._candidates([], docs, corpus, {}, 4) == ({}, set())


def test_characters_beyond_the_basic_plane_are_kept_apart(corpora):
    """Code points up to 0x10FFFF are packed exactly: n-grams differing only there do not meet."""
    provs, docs, corpus, cleaned = _inputs(corpora["implementation"])
    shifted = {k: ("".join(chr(0x20000 + ord(c) % 0xFFFF) if i % 2 else c for i, c in enumerate(t)), pos)
               for k, (t, pos) in cleaned.items()}
    assert reuse._candidates(provs, docs, corpus, shifted, 4) == oracle(provs, docs, corpus, shifted, 4)


def test_aligning_in_forked_workers_gives_what_aligning_in_turn_gives(corpora, monkeypatch):
    corpus = corpora["generated"]
    monkeypatch.setenv("POLICYKG_WORKERS", "1")
    alone = reuse.find_reuse(corpus)
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    monkeypatch.setattr(reuse, "PARALLEL_PAIRS", 1)
    forked = reuse.find_reuse(corpus)
    assert len(alone.alignments) > 100
    assert [dataclasses.asdict(a) for a in forked.alignments] == [dataclasses.asdict(a) for a in alone.alignments]
    assert forked.documents == alone.documents and forked.candidates == alone.candidates


def test_reuse_found_in_a_forked_process_is_what_finding_it_here_gives(corpora, monkeypatch):
    corpus = corpora["generated"]
    monkeypatch.setenv("POLICYKG_WORKERS", "1")
    here = reuse.PendingReuse(corpus)
    assert here._process is None                      # one process asked for: found here
    alone = here.result()
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    pending = reuse.PendingReuse(corpus)
    assert pending._process is not None
    forked = pending.result()
    assert pending._process is None and len(alone.alignments) > 100
    assert [dataclasses.asdict(a) for a in forked.alignments] == [dataclasses.asdict(a) for a in alone.alignments]
    assert forked.documents == alone.documents and forked.candidates == alone.candidates


def test_a_forked_process_that_dies_costs_time_not_the_reuse(corpora, monkeypatch, caplog):
    import os
    import signal
    corpus = corpora["generated"]
    monkeypatch.setenv("POLICYKG_WORKERS", "1")
    expected = reuse.find_reuse(corpus)
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    pending = reuse.PendingReuse(corpus)
    os.kill(pending._process.pid, signal.SIGKILL)      # as the kernel's out-of-memory killer would
    with caplog.at_level("WARNING"):
        found = pending.result()
    assert "forked process failed" in caplog.text
    assert [dataclasses.asdict(a) for a in found.alignments] == [dataclasses.asdict(a) for a in expected.alignments]


def test_an_error_in_the_forked_process_is_raised_in_the_load(corpora, monkeypatch):
    def broken(_corpus):
        raise ValueError("a fault while finding reused text")
    monkeypatch.setattr(reuse, "find_reuse", broken)
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    pending = reuse.PendingReuse(corpora["generated"])
    with pytest.raises(ValueError, match="a fault while finding reused text"):
        pending.result()
    assert pending._process is None


def test_a_build_that_fails_meanwhile_stops_the_forked_process(corpora, monkeypatch):
    from policykg.graph.build import build_graph
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    seen = []

    def failing(graph):
        seen.append(reuse_process())
        raise RuntimeError("the index failed")

    import multiprocessing

    def reuse_process():
        return [p for p in multiprocessing.active_children() if p.name == "policykg-reuse"]
    with pytest.raises(RuntimeError, match="the index failed"):
        build_graph(corpora["generated"], meanwhile=failing)
    assert seen and seen[0]                       # it ran meanwhile
    assert reuse_process() == []                  # and is gone


def _group(pgid: int) -> list[int]:
    """The live processes of a process group (from /proc)."""
    import os
    out = []
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            stat = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            out.append(int(pid))
    return out


_REAL_ALIGN = reuse._align_chunk


def _slow_align(bounds):
    """Aligning that takes a minute (by name, so that a pool can send it to its workers)."""
    import time
    time.sleep(60)
    return _REAL_ALIGN(bounds)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_stopping_the_forked_process_stops_its_alignment_workers(corpora, monkeypatch):
    """A build that fails while reused text is being aligned leaves no worker behind (they were
    orphaned, each holding a copy-on-write copy of the corpus, before the process group)."""
    import time
    monkeypatch.setattr(reuse, "_align_chunk", _slow_align)
    monkeypatch.setattr(reuse, "PARALLEL_PAIRS", 1)
    monkeypatch.setenv("POLICYKG_WORKERS", "2")
    pending = reuse.PendingReuse(corpora["generated"])
    pid = pending._process.pid
    deadline = time.monotonic() + 60
    while len(_group(pid)) < 3 and time.monotonic() < deadline:     # it and its two workers
        time.sleep(0.1)
    assert len(_group(pid)) >= 3
    pending.close()
    deadline = time.monotonic() + 10
    while _group(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _group(pid) == []
