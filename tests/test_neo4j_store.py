"""The Neo4j store on a real server: idempotent reloads, failed loads roll back, the CLI loads into it."""
import os

import pytest
from click.testing import CliRunner

from policykg.cli import main
from policykg.graph.build import build_graph
from policykg.graph.data import GraphData
from policykg.graph.errors import QueryError
from policykg.graph.neo4j_store import Neo4jStore


@pytest.fixture
def store(neo4j_uri, neo4j_service):
    s = Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"))
    yield s
    s.close()


def counts(store):
    return {r["name"]: r["count"] for r in store.query("graph_counts")}


def test_a_reload_is_idempotent(store, corpus):
    data = build_graph(corpus)
    store.replace(data)
    first = counts(store)
    store.replace(data)
    assert counts(store) == first == data.counts()


def test_a_failed_load_rolls_back_and_leaves_the_previous_graph(store, corpus):
    store.replace(build_graph(corpus))
    before = counts(store)
    broken = build_graph(corpus)
    # a property Neo4j cannot store (a map) makes the load fail half-way through
    label_id = next(k for k in broken.nodes if k[0] == "Provision")
    broken.nodes[label_id]["text"] = {"not": "storable"}
    with pytest.raises(QueryError, match="rolled back"):
        store.replace(broken)
    assert counts(store) == before
    assert store.query("provision", id="beijing.p10")[0]["heading"] == "发挥专业技术保障作用"


def test_schema_has_constraints_and_a_cjk_fulltext_index(store):
    records, _, _ = store.driver.execute_query("SHOW INDEXES YIELD name, type, options")
    by_name = {r["name"]: r for r in records}
    assert by_name["provision_text"]["type"] == "FULLTEXT"
    assert by_name["provision_text"]["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"
    records, _, _ = store.driver.execute_query("SHOW CONSTRAINTS YIELD name")
    assert {"Provision_id", "Document_id", "Measure_id"} <= {r["name"] for r in records}


def test_the_cli_loads_into_neo4j(neo4j_uri, store):
    result = CliRunner().invoke(main, ["load", "--backend", "neo4j", "--uri", neo4j_uri])
    assert result.exit_code == 0, result.output
    assert "neo4j store" in result.output
    assert counts(store)["Provision"] == 169


def test_an_empty_graph_is_a_valid_load(store, corpus):
    store.replace(GraphData())
    assert store.query("documents") == []
    store.replace(build_graph(corpus))          # leave the shared server as the other tests expect it
    assert len(store.query("documents")) == 5


def test_serve_on_neo4j_serves_what_is_there_without_reloading(neo4j_uri, store, monkeypatch, corpus):
    import uvicorn
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    from policykg.service import PolicyService
    monkeypatch.setattr(PolicyService, "load", lambda *a, **k: (_ for _ in ()).throw(AssertionError("reloaded")))
    result = CliRunner().invoke(main, ["serve", "--uri", neo4j_uri, "--port", "8999"])
    assert result.exit_code == 0, result.output
    assert calls and calls[0]["port"] == 8999 and "Serving the graph that is in neo4j" in result.output
