"""Faults: Neo4j killed in the middle of a load. The load fails with 503 and a message, the
API goes on answering 503 while Neo4j is away, and when Neo4j is back on the same data
the API answers again — from the previous graph, whole — without being restarted.

This test starts its own Neo4j (the bundled one) so that it can kill it."""
from __future__ import annotations

import time

import httpx
import pytest

from policykg.main import create_app
from policykg.service import PolicyService
from policykg.settings import Settings
from policykg.graph import neo4j_server, neo4j_store
from policykg.graph.neo4j_store import Neo4jStore
from helpers import _neo4j_unavailable, serving
from test_reload_under_traffic import without_luohe

TOKEN = "faults"


@pytest.fixture
def own_neo4j(tmp_path):
    missing = neo4j_server.missing_tools()
    if missing:
        _neo4j_unavailable(f"{', '.join(missing)} not found: this test needs a Neo4j it may kill")
    try:
        server = neo4j_server.start(data=tmp_path / "neo4j")
    except neo4j_server.Neo4jLaunchError as exc:
        _neo4j_unavailable(str(exc))
    holder = {"server": server}
    yield holder
    holder["server"].stop()


def test_neo4j_killed_during_a_load_keeps_the_previous_graph_and_the_api_recovers(tmp_path, own_neo4j,
                                                                                 monkeypatch):
    server = own_neo4j["server"]
    store = Neo4jStore(server.uri, "neo4j", "pw-never-shown", timeout=10)   # auth is off; the driver still sends it
    service = PolicyService(store)
    service.load()                                       # the previous graph: the bundled five documents
    second = without_luohe(tmp_path / "second")
    settings = Settings(reload_token=TOKEN, corpus=second, neo4j_password="pw-never-shown")
    auth = {"Authorization": f"Bearer {TOKEN}"}

    batches = neo4j_store._batches
    sent, killed = [], []

    def kill_after_the_first_batches(rows):
        for batch in batches(rows):
            sent.append(len(batch))
            if len(sent) == 3 and not killed:             # some nodes written, the transaction open
                server.process.kill()                    # SIGKILL: no clean shutdown
                server.process.wait(30)
                killed.append(time.monotonic())
            yield batch

    try:
        with serving(create_app(settings, service)) as url, httpx.Client(base_url=url, timeout=120) as c:
            before = {q: c.get(q).json() for q in ("/api/documents", "/api/matrix", "/api/lineage/luolong")}
            counts = c.get("/api/health").json()["counts"]
            in_neo4j = store.query("graph_counts")

            monkeypatch.setattr(neo4j_store, "_batches", kill_after_the_first_batches)
            r = c.post("/api/admin/reload", headers=auth)
            assert killed, "the load never reached its third batch"
            assert r.status_code == 503, r.text
            assert r.json()["error"] == "store_unavailable" and "Neo4j" in r.json()["message"]
            monkeypatch.setattr(neo4j_store, "_batches", batches)

            # while Neo4j is away: 503 with a message, on questions and on health
            for q in ("/api/documents", "/api/adoption?q=技术调查官", "/api/health"):
                down = c.get(q)
                assert down.status_code == 503, (q, down.text)
                assert down.json()["message"] and "pw-never-shown" not in down.text

            # Neo4j back on the same data and ports; the API is the same process, not restarted
            own_neo4j["server"] = neo4j_server.start(bolt_port=server.bolt_port, http_port=server.http_port,
                                                     data=server.data)
            deadline = time.monotonic() + 60
            while c.get("/api/health").status_code != 200:
                assert time.monotonic() < deadline, "the API did not recover after Neo4j came back"
                time.sleep(0.5)
            assert c.get("/api/health").json()["counts"] == counts
            assert store.query("graph_counts") == in_neo4j           # counted again in Neo4j itself
            for q, answer in before.items():             # the previous graph, whole: the load never committed
                assert c.get(q).json() == answer, q

            # and loading works again
            assert c.post("/api/admin/reload", headers=auth).status_code == 200
            assert "luohe" not in [d["id"] for d in c.get("/api/documents").json()]
    finally:
        store.close()
