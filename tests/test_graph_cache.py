"""A built graph is kept between runs, keyed by everything it was built from."""
import shutil
import subprocess
import sys
import time

import pytest

from policykg.graph import cache as graph_cache
from policykg.graph.nx_store import NetworkxStore
from policykg.loaders.datafiles import DEFAULT_CORPUS
from policykg.service import PolicyService


@pytest.fixture
def cached(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYKG_GRAPH_CACHE", "1")
    monkeypatch.setenv("POLICYKG_GRAPH_CACHE_DIR", str(tmp_path / "graphs"))
    corpus = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, corpus)
    return corpus


def _load(corpus, monkeypatch=None):
    svc = PolicyService(NetworkxStore())
    return svc, svc.load(corpus)


def test_an_unchanged_corpus_is_not_parsed_again_and_answers_alike(cached, monkeypatch):
    first, report = _load(cached)
    import policykg.service as service_module
    monkeypatch.setattr(service_module, "load_corpus", lambda *a, **k: pytest.fail("parsed again"))
    second, again = _load(cached)
    assert again.documents == report.documents and again.counts == report.counts
    assert second.snapshot().nodes == first.snapshot().nodes
    assert second.adoption("技术调查官") == first.adoption("技术调查官")
    assert second.search("区块链 存证") == first.search("区块链 存证")


@pytest.mark.parametrize("change", ["a document", "the manifest", "strictness"])
def test_any_change_builds_afresh(cached, change):
    _, before = _load(cached)
    if change == "a document":
        path = cached / "luohe.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("知识产权", "知识产权", 1) + "\n（十）推行区块链存证。\n",
                        encoding="utf-8")
    elif change == "the manifest":
        path = cached / "manifest.toml"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    svc = PolicyService(NetworkxStore())
    calls = []
    import policykg.service as service_module
    real = service_module.load_corpus
    service_module.load_corpus = lambda *a, **k: (calls.append(1), real(*a, **k))[1]
    try:
        svc.load(cached, strict=change == "strictness")
    finally:
        service_module.load_corpus = real
    assert calls == [1]


def test_a_change_in_the_codebook_builds_afresh(cached, monkeypatch):
    _load(cached)
    monkeypatch.setattr(graph_cache, "_code_digest", lambda: "another codebook")
    k = graph_cache.key(cached / "manifest.toml", [cached / "luohe.txt"], False)
    assert graph_cache.get(k) is None


def test_a_damaged_entry_is_rebuilt_not_trusted(cached):
    _, report = _load(cached)
    for entry in (graph_cache._folder()).glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    _, again = _load(cached)
    assert again.counts == report.counts
