"""A heavy answer never holds the event loop: the health check answers while one is encoded."""
import threading

import httpx
from fastapi.routing import APIRoute

from policykg.main import create_app
from policykg.routes import OffLoopRoute
from policykg.settings import Settings
from helpers import serving


def api_routes(routes):
    for r in routes:
        inner = getattr(r, "original_router", None)     # an included router (FastAPI ≥ 0.16x)
        yield from api_routes(inner.routes) if inner is not None else [r] if isinstance(r, APIRoute) else []


def test_every_plain_api_route_renders_its_answer_off_the_loop():
    """A class of fault, not one case: a route added later without the route class fails here."""
    import inspect
    routes = list(api_routes(create_app(Settings(), service=object()).routes))
    assert len(routes) > 20
    plain = [r.path for r in routes if r.response_model is not None
             and not inspect.iscoroutinefunction(r.endpoint) and not isinstance(r, OffLoopRoute)]
    assert plain == []


def test_health_answers_while_every_worker_thread_is_busy(nx_service, monkeypatch):
    """Fifty slow questions (a slow store, say) fill the answers' pool and queue behind it; the
    health check still answers (on the embedded store from the event loop, on Neo4j from threads of
    its own), and the slow ones all finish afterwards."""
    monkeypatch.setenv("POLICYKG_ANSWER_CACHE_MB", "0")      # every question computed, none kept
    release, inside = threading.Event(), threading.Semaphore(0)
    real = nx_service.documents

    def slow_documents(*args):
        inside.release()
        release.wait(60)
        return real(*args)
    monkeypatch.setattr(nx_service, "documents", slow_documents)
    statuses = []
    with serving(create_app(Settings(), nx_service)) as base:
        def ask():
            with httpx.Client(timeout=120) as c:
                statuses.append(c.get(f"{base}/api/documents").status_code)
        askers = [threading.Thread(target=ask) for _ in range(50)]
        for t in askers:
            t.start()
        from policykg import routes
        for _ in range(routes._threads):        # the answers' pool is full, the rest queue behind it
            assert inside.acquire(timeout=60)
        try:
            with httpx.Client(timeout=10) as c:
                assert c.get(f"{base}/api/health").json()["status"] == "ok"
        finally:
            release.set()
            for t in askers:
                t.join(120)
    assert statuses == [200] * 50


def test_answers_are_compressed_when_the_client_accepts_it(client):
    plain = client.get("/api/matrix", headers={"Accept-Encoding": "identity"})
    zipped = client.get("/api/matrix", headers={"Accept-Encoding": "gzip"})
    assert plain.headers.get("content-encoding") is None and zipped.headers["content-encoding"] == "gzip"
    assert zipped.json() == plain.json() and "Accept-Encoding" in zipped.headers["vary"]
    assert zipped.headers["x-content-type-options"] == "nosniff"          # security headers kept


def test_the_matrix_is_computed_once_per_graph(nx_service, tmp_path):
    from policykg.graph.nx_store import NetworkxStore
    from policykg.service import PolicyService
    svc = PolicyService(NetworkxStore())
    svc.load()
    calls = []
    real = svc.store.query
    svc.store.query = lambda name, **kw: (calls.append(name), real(name, **kw))[1]
    first = svc.matrix()
    assert svc.matrix() is first and calls.count("coverage_matrix") == 1
    svc.load()                                                   # a new graph: computed again
    assert svc.matrix() == first and calls.count("coverage_matrix") == 2


def test_per_graph_answers_are_compressed_once_and_revalidated_by_etag(client):
    import gzip
    first = client.get("/api/matrix", headers={"Accept-Encoding": "gzip"})
    again = client.get("/api/matrix", headers={"Accept-Encoding": "gzip"})
    refused = client.get("/api/matrix", headers={"Accept-Encoding": "gzip;q=0"})
    assert first.headers["content-encoding"] == "gzip" and refused.headers.get("content-encoding") is None
    assert first.headers["etag"] == again.headers["etag"] == refused.headers["etag"][:-1] + '-gz"'
    assert refused.json() == first.json() and first.json()["jurisdictions"]
    held = client.get("/api/matrix", headers={"If-None-Match": first.headers["etag"]})
    assert held.status_code == 304 and held.content == b"" and held.headers["etag"] == first.headers["etag"]
    stale = client.get("/api/measures", headers={"If-None-Match": first.headers["etag"]})
    assert stale.status_code == 200 and len(stale.json()) > 10      # another answer's tag is no match


def test_a_new_graph_gets_new_per_graph_bytes(nx_service):
    from policykg.schemas import Matrix
    from policykg.graph.nx_store import NetworkxStore
    from policykg.service import PolicyService
    svc = PolicyService(NetworkxStore())
    svc.load()
    one = svc.rendered("matrix", Matrix, svc.matrix)
    assert svc.rendered("matrix", Matrix, svc.matrix) is one
    svc.load()
    two = svc.rendered("matrix", Matrix, svc.matrix)
    assert two is not one and two.etag == one.etag          # same corpus, same content, same tag


def test_a_client_refusing_gzip_gets_plain_answers_from_every_route(client):
    r = client.get("/api/documents", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert r.status_code == 200 and r.headers.get("content-encoding") is None and len(r.content) > 1024
    assert r.headers["vary"] == "Accept-Encoding"
