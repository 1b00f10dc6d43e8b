"""Helpers the tests share (imported as ``helpers``; fixtures are in conftest.py)."""
from __future__ import annotations

import os
import textwrap
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _neo4j_unavailable(reason: str):
    if os.environ.get("POLICYKG_REQUIRE_NEO4J") == "1":
        pytest.fail(f"POLICYKG_REQUIRE_NEO4J=1 but Neo4j is not available: {reason}", pytrace=False)
    pytest.skip(f"Neo4j tests skipped: {reason}")


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


@contextmanager
def serving(app):
    """Serve an ASGI app with uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    from policykg.graph.neo4j_server import free_port
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


TOOLS = Path(__file__).resolve().parents[1] / "tools" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@contextmanager
def service_over(request, folder):
    """A service with the corpus `folder` loaded, on the store `request.param` names (networkx or
    neo4j). On Neo4j it is the session's shared service, given the bundled corpus back afterwards."""
    from policykg.graph.nx_store import NetworkxStore
    from policykg.service import PolicyService
    if request.param == "networkx":
        svc = PolicyService(NetworkxStore())
        svc.load(folder)
        yield svc
        return
    svc = request.getfixturevalue("neo4j_service")
    try:
        svc.load(folder)
        yield svc
    finally:
        svc.load()


@contextmanager
def client_over(request, folder):
    """An API client over the corpus `folder`, on the store `request.param` names (see service_over)."""
    from fastapi.testclient import TestClient
    from policykg.main import create_app
    from policykg.settings import Settings
    with service_over(request, folder) as svc, TestClient(create_app(Settings(), svc)) as client:
        yield client
