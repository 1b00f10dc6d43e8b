"""Shared fixtures: the bundled corpus parsed once, a loaded embedded store, an API client,
and a helper that writes small corpora of new shapes."""
from __future__ import annotations

import os
import shutil
import textwrap
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.service import PolicyService
from app.settings import Settings
from graph.nx_store import NetworkxStore
from loaders.datafiles import DEFAULT_CORPUS
from loaders.pipeline import load_corpus

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


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


def _neo4j_unavailable(reason: str):
    if os.environ.get("POLICYKG_REQUIRE_NEO4J") == "1":
        pytest.fail(f"POLICYKG_REQUIRE_NEO4J=1 but Neo4j is not available: {reason}", pytrace=False)
    pytest.skip(f"Neo4j tests skipped: {reason}")


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory):
    """A real Neo4j: NEO4J_URI if set, else the bundled one started from Maven Central artifacts."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    from graph import neo4j_server
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
    from graph.neo4j_store import Neo4jStore
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


def items(doc):
    return [p for p in doc.provisions if p.kind == "item"]


def by_number(doc, number, section=None):
    """The provision with this number label (within `section`, when numbers repeat)."""
    found = [p for p in doc.provisions if p.number and p.number.strip("、.．") == number
             and (section is None or p.section == section)]
    assert len(found) == 1, f"{doc.id}: {len(found)} provisions numbered {number!r}"
    return found[0]


MANIFEST_HEAD = """
[[jurisdictions]]
id = "china"
name_zh = "中国"
name_en = "China"
level = "national"

[[jurisdictions]]
id = "prov"
name_zh = "某某省"
name_en = "Some Province"
level = "province"
parent = "china"
"""


def write_corpus(tmp: Path, files: dict[str, bytes | str], manifest: str | None = None,
                 jurisdictions: str = "") -> Path:
    """A corpus folder with the given files. Documents default to jurisdiction `prov`."""
    tmp.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else textwrap.dedent(content).lstrip().encode("utf-8")
        (tmp / name).write_bytes(data)
    if manifest is None:
        manifest = MANIFEST_HEAD + jurisdictions + "".join(
            f'\n[[documents]]\nfile = "{n}"\njurisdiction = "prov"\n' for n in files)
    (tmp / "manifest.toml").write_text(manifest, encoding="utf-8")
    return tmp


@pytest.fixture
def bundled_copy(tmp_path):
    """A writable copy of the bundled corpus folder."""
    dst = tmp_path / "corpus"
    shutil.copytree(DEFAULT_CORPUS, dst)
    return dst


@contextmanager
def serving(app):
    """Serve an ASGI app with uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    from graph.neo4j_server import free_port
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
