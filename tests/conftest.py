"""Shared fixtures: the bundled corpus parsed once, a loaded embedded store, an API client."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from helpers import CHROMIUM, TOOLS, _neo4j_unavailable
from policykg.main import create_app
from policykg.service import PolicyService
from policykg.settings import Settings
from policykg.graph.nx_store import NetworkxStore
from policykg.loaders.datafiles import DEFAULT_CORPUS
from policykg.loaders.pipeline import load_corpus

#: most tests load a corpus to see what the loader does with it: the graph cache (which would
#: hand back a graph built earlier from the same files) is off, except in tests/test_graph_cache.py
os.environ.setdefault("POLICYKG_GRAPH_CACHE", "0")

#: the folders of the source tree: installed, they are subpackages of `policykg`, never top-level names
SOURCE_FOLDERS = ("app", "graph", "loaders", "queries", "data", "benchmarks")


@pytest.fixture(scope="session", autouse=True)
def nothing_imported_by_its_folder_name():
    """Every import goes through `policykg.…`: a module imported as `graph.x` or `app.x` would
    work from a checkout and fail from a wheel."""
    yield
    stray = sorted(m for m in sys.modules if m.split(".")[0] in SOURCE_FOLDERS)
    assert not stray, f"imported by folder name instead of policykg.*: {stray[:10]}"

@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


@pytest.fixture(scope="session")
def docs(corpus):
    return {d.id: d for d in corpus.documents}


@pytest.fixture(scope="session")
def nx_service():
    """The embedded store, loaded with the bundled corpus."""
    svc = PolicyService(NetworkxStore())
    svc.load()
    return svc


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory):
    """A real Neo4j: NEO4J_URI if set, else the bundled one started from Maven Central artifacts."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    from policykg.graph import neo4j_server
    missing = neo4j_server.missing_tools()
    if missing:
        _neo4j_unavailable(f"{', '.join(missing)} not found, and NEO4J_URI is not set")
    try:
        server = neo4j_server.start(data=tmp_path_factory.mktemp("neo4j"))
    except neo4j_server.Neo4jLaunchError as exc:
        _neo4j_unavailable(str(exc))
    yield server.uri
    server.stop()


@pytest.fixture(scope="session")
def neo4j_service(neo4j_uri):
    from policykg.graph.neo4j_store import Neo4jStore
    store = Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"))
    svc = PolicyService(store)
    svc.load()
    yield svc
    store.close()


@pytest.fixture(scope="session", params=["networkx", "neo4j"])
def service(request):
    """The loaded service on each store: tests using it run on both."""
    name = "nx_service" if request.param == "networkx" else "neo4j_service"
    return request.getfixturevalue(name)


@pytest.fixture(scope="session")
def client(service):
    with TestClient(create_app(Settings(), service)) as c:
        yield c


@pytest.fixture
def bundled_copy(tmp_path):
    """A writable copy of the bundled corpus folder."""
    dst = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, dst)
    return dst



def _browser_unavailable(reason):
    if os.environ.get("POLICYKG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"POLICYKG_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def playwright_ready():
    if not Path(CHROMIUM).exists():
        _browser_unavailable(f"{CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)")
    if shutil.which("node") is None:
        _browser_unavailable("node not found")
    if not (TOOLS / "node_modules" / "playwright-core").exists():
        if shutil.which("npm") is None:
            _browser_unavailable("npm not found to install playwright-core")
        subprocess.run(["npm", "install", "--silent", "--prefix", str(TOOLS)], check=True, timeout=300)


