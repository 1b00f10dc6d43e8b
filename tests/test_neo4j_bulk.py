"""``policykg load --bulk``: a first load through neo4j-admin database import into the empty
database of a stopped bundled Neo4j answers every named query exactly as the embedded store
does, and a database that holds a graph is refused, the graph left as it was."""
import subprocess
import sys

import pytest

from helpers import _neo4j_unavailable
from test_parity import cases, ids, typed  # noqa: F401 - ids is a fixture


@pytest.fixture(scope="module")
def bulk_folder(tmp_path_factory):
    from policykg.graph import neo4j_server
    missing = neo4j_server.missing_tools()
    if missing:
        _neo4j_unavailable(f"{', '.join(missing)} not found")
    folder = tmp_path_factory.mktemp("bulk") / "neo4j"
    out = _bulk(folder)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Imported" in out.stdout and "neo4j-admin import" in out.stdout
    return folder


@pytest.fixture(scope="module")
def bulk_service(bulk_folder):
    from policykg.graph import neo4j_server
    from policykg.graph.neo4j_store import Neo4jStore
    from policykg.service import PolicyService
    server = neo4j_server.start(data=bulk_folder)
    _SERVERS.append(server)
    service = PolicyService(Neo4jStore(server.uri))
    yield service
    service.store.close()
    _stop_module_server()


_SERVERS: list = []


def _stop_module_server():
    while _SERVERS:
        _SERVERS.pop().stop()


def test_a_bulk_imported_database_answers_every_query_as_the_embedded_store(bulk_service, nx_service, ids):
    failures = []
    for name, params in cases(ids):
        expected = [typed(r) for r in nx_service.store.query(name, **params)]
        got = [typed(r) for r in bulk_service.store.query(name, **params)]
        if got != expected:
            failures.append(f"{name}({params})")
    assert not failures, f"{len(failures)} queries differ, first: {failures[:10]}"
    assert bulk_service.store.query("documents")                        # not an empty graph


def test_the_bulk_database_has_the_schema_and_one_generation(bulk_service):
    store = bulk_service.store
    records, _, _ = store.driver.execute_query("SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names")
    assert "Provision_gen_id" in records[0]["names"]
    records, _, _ = store.driver.execute_query("SHOW INDEXES YIELD name, state RETURN name, state")
    states = {r["name"]: r["state"] for r in records}
    assert states.get("provision_text") == "ONLINE" and all(s == "ONLINE" for s in states.values())
    assert store.generations() == [1] and store.current_generation() == 1


def _bulk(folder):
    return subprocess.run([sys.executable, "-m", "policykg.cli", "load", "--bulk", "--data", str(folder)],
                          capture_output=True, text=True, timeout=900)


def _error_line(out) -> str:
    lines = [l for l in out.stderr.splitlines() if l.startswith("error:")]
    assert out.returncode == 1 and len(lines) == 1, out.stderr[-800:]
    return lines[0]


def test_bulk_refuses_a_database_that_holds_a_graph_and_leaves_it(bulk_folder, bulk_service):
    from policykg.graph import neo4j_server
    from policykg.graph.neo4j_store import Neo4jStore
    before = bulk_service.store.query("graph_counts")
    assert "a Neo4j server is running on this folder" in _error_line(_bulk(bulk_folder))   # the server is up
    assert bulk_service.store.query("graph_counts") == before
    bulk_service.store.close()
    _stop_module_server()
    # stopped: the import tool would replace the database whole, so it is refused too
    line = _error_line(_bulk(bulk_folder))
    assert "the database holds" in line and "nodes; --bulk loads only an empty database" in line
    again = neo4j_server.start(data=bulk_folder)          # the module's server again, for any test after
    _SERVERS.append(again)
    bulk_service.store = Neo4jStore(again.uri)
    assert bulk_service.store.query("graph_counts") == before


def test_bulk_needs_a_folder_and_no_uri():
    out = subprocess.run([sys.executable, "-m", "policykg.cli", "load", "--bulk"], capture_output=True, text=True)
    assert out.returncode == 2 and "--bulk needs --data" in out.stderr
    out = subprocess.run([sys.executable, "-m", "policykg.cli", "load", "--bulk", "--data", "x", "--uri",
                          "bolt://127.0.0.1:1"], capture_output=True, text=True)
    assert out.returncode == 2 and "not a server at --uri" in out.stderr
