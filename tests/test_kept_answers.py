"""Answers kept per graph: the same bytes as a fresh computation, never served for another graph
(another process's load into the same Neo4j included), bounded in bytes, revalidated by ETag."""
import os
import shutil
import time

import pytest
from fastapi.testclient import TestClient

from policykg.main import create_app
from policykg.service import PolicyService
from policykg.settings import Settings

PATHS = ["/api/adoption?q=技术调查官", "/api/adoption?q=惩罚性赔偿&limit=2&per_jurisdiction=1&text=false",
         "/api/compare?j=beijing&j=luoyang", "/api/compare?j=luolong&j=luoyang&theme=strict&per_jurisdiction=2",
         "/api/search?q=区块链 存证", "/api/lineage/luolong", "/api/documents/luohe", "/api/measures/punitive_damages",
         "/api/jurisdictions", "/api/documents?status=loaded", "/api/provisions/luohe.p5/similar"]


def test_a_kept_answer_is_the_answer_computed_afresh(client, monkeypatch):
    kept = [(client.get(p), client.get(p)) for p in PATHS]       # the second one is the kept one
    monkeypatch.setenv("POLICYKG_ANSWER_CACHE_MB", "0")
    for path, (first, second) in zip(PATHS, kept):
        fresh = client.get(path)
        assert first.status_code == second.status_code == fresh.status_code == 200, path
        assert first.content == second.content == fresh.content, path
        assert first.headers["etag"] == second.headers["etag"], path


def test_a_kept_answer_is_revalidated_by_its_etag(client):
    first = client.get("/api/adoption?q=技术调查官")
    again = client.get("/api/adoption?q=技术调查官", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = client.get("/api/adoption?q=技术调查官&limit=1", headers={"If-None-Match": first.headers["etag"]})
    assert other.status_code == 200 and other.json()["limit"] == 1


def test_errors_are_never_kept(client):
    assert client.get("/api/documents/nowhere").status_code == 404
    assert client.get("/api/documents/nowhere").status_code == 404
    assert client.get("/api/compare?j=beijing&j=nowhere").status_code == 404


def test_kept_answers_stay_within_their_bytes(monkeypatch, nx_service):
    from policykg.graph.nx_store import NetworkxStore
    svc = PolicyService(NetworkxStore())
    svc.load()
    monkeypatch.setenv("POLICYKG_ANSWER_CACHE_MB", "0.05")              # 52 KB
    with TestClient(create_app(Settings(), svc)) as c:
        for p in PATHS:
            assert c.get(p).status_code == 200
    kept = svc._per_graph["answers"]
    assert 0 < len(kept) < len(PATHS) and svc._per_graph["answers_bytes"] <= 0.05 * 2 ** 20
    assert sum(r.size for r in kept.values()) == svc._per_graph["answers_bytes"]


def _corpus_without(tmp_path, doc_id):
    from policykg.loaders.datafiles import DEFAULT_CORPUS
    import tomllib
    dst = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, dst)
    manifest = tomllib.loads((dst / "manifest.toml").read_text(encoding="utf-8"))
    text = (dst / "manifest.toml").read_text(encoding="utf-8")
    # drop one document's table from the manifest
    blocks = text.split("[[documents]]")
    kept = [b for b in blocks[1:] if f'id = "{doc_id}"' not in b and f'"{doc_id}.txt"' not in b]
    assert len(kept) == len(manifest["documents"]) - 1
    (dst / "manifest.toml").write_text("[[documents]]".join([blocks[0], *kept]), encoding="utf-8")
    return dst


def test_an_answer_is_never_served_for_another_graph(service, tmp_path, neo4j_uri_if_neo4j, monkeypatch):
    """A second service loads a corpus without Beijing into the same store (on Neo4j: another
    process's `policykg load`); the first, which kept its answers, must answer for the new graph."""
    if service.store.backend == "networkx":
        server = PolicyService(type(service.store)())
        server.load()
        loader = _Writer(server.store)          # writes the store without the serving service's swap
    else:
        from policykg.graph.neo4j_store import Neo4jStore
        server = PolicyService(Neo4jStore(neo4j_uri_if_neo4j, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")))
        loader = PolicyService(Neo4jStore(neo4j_uri_if_neo4j, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")))
        loader.load()
    try:
        with TestClient(create_app(Settings(), server)) as c:
            before = c.get("/api/matrix").json()
            documents = c.get("/api/health").json()["counts"]["Document"]
            assert "beijing" in before["jurisdictions"]
            assert "beijing" in [j["id"] for j in c.get("/api/adoption?q=技术调查官").json()["jurisdictions"]]
            monkeypatch.setenv("POLICYKG_GENERATION_TTL", "0.5")
            c.get("/api/matrix")                                       # the generation read now...
            loader.load(_corpus_without(tmp_path, "beijing"))
            if server.store.backend == "neo4j":
                time.sleep(0.6)                                        # ...is trusted for 0.5 s on Neo4j
            after = c.get("/api/matrix").json()
            assert "beijing" not in after["jurisdictions"]
            assert "beijing" not in [j["id"] for j in c.get("/api/adoption?q=技术调查官").json()["jurisdictions"]]
            assert c.get("/api/health").json()["counts"]["Document"] < documents
    finally:
        loader.load()                                                  # the bundled corpus again, for the tests after
        if server.store.backend == "neo4j":
            server.store.close()
            loader.store.close()


class _Writer:
    """Another writer of the same store: loads replace its graph behind the server's back."""

    def __init__(self, store):
        self.store = store

    def load(self, corpus=None):
        from policykg.graph.build import build_graph
        from policykg.loaders.pipeline import load_corpus
        self.store.replace(build_graph(load_corpus(corpus)))


@pytest.fixture
def neo4j_uri_if_neo4j(request, service):
    return request.getfixturevalue("neo4j_uri") if service.store.backend == "neo4j" else None


def test_a_kept_answer_is_sent_without_a_worker_thread(client, monkeypatch):
    """Asked again, a kept answer (an API answer, or the matrix and measure list made once per
    graph) is sent from the event loop: the same bytes and ETag, and no worker thread taken."""
    import anyio.to_thread
    paths = ["/api/matrix", "/api/measures", "/api/adoption?q=技术调查官", "/api/compare?j=beijing&j=luoyang"]
    first = [client.get(p) for p in paths]
    threads = []
    real = anyio.to_thread.run_sync

    async def counted(fn, *args, **kwargs):
        threads.append(fn)
        return await real(fn, *args, **kwargs)
    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    again = [client.get(p) for p in paths]
    assert threads == []
    for path, a, b in zip(paths, first, again):
        assert a.status_code == b.status_code == 200, path
        assert a.content == b.content and a.headers["etag"] == b.headers["etag"], path
    assert client.get("/api/adoption?q=惩罚性赔偿&limit=3").status_code == 200     # not kept yet:
    assert len(threads) == 1                                                       # a thread makes it


def test_answers_kept_before_keeping_was_turned_off_are_not_sent(client, monkeypatch):
    """With POLICYKG_ANSWER_CACHE_MB=0 every answer is computed afresh, even one kept earlier."""
    client.get("/api/documents")                                      # kept
    monkeypatch.setenv("POLICYKG_ANSWER_CACHE_MB", "0")
    service = client.app.state.service
    calls = []
    real = service.documents
    monkeypatch.setattr(service, "documents", lambda *a: calls.append(1) or real(*a))
    assert client.get("/api/documents").status_code == 200
    assert calls == [1]
