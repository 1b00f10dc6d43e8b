"""Fuzzing the running server on both stores: schemathesis generates requests from the
OpenAPI spec; hand-picked hostile strings go to every string parameter. No 5xx, every
error a JSON body with a message, and no value ever reaches Cypher as text."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import httpx
import neo4j
import pytest

from policykg.main import create_app
from policykg.settings import Settings
from policykg.graph.catalog import load_catalog
from policykg.graph.neo4j_store import statement
from helpers import serving

#: examples per operation; POLICYKG_FUZZ_EXAMPLES=500 for a longer hunt
MAX_EXAMPLES = int(os.environ.get("POLICYKG_FUZZ_EXAMPLES", "40"))
SPEC = create_app().openapi()
OPERATIONS = [(m, p) for p, ops in SPEC["paths"].items() for m in ops]
#: CI replays the same examples every run (a red CI names a real finding, not a new dice roll)
DERANDOMIZE = bool(os.environ.get("CI") or os.environ.get("POLICYKG_FUZZ_DERANDOMIZE"))


@pytest.fixture(scope="module")
def live(service):
    """The app on a loopback port, on each store, as a user runs it (reload off)."""
    with serving(create_app(Settings(), service)) as url:
        yield url


def test_schemathesis_run_as_users_run_it_finds_nothing(live, tmp_path):
    """`schemathesis run URL/openapi.json` with every phase (examples, coverage, fuzzing, stateful
    over the links it infers) and every check, pages included: the way a user's tool finds faults."""
    args = [str(Path(sys.executable).parent / "schemathesis"), "run", f"{live}/openapi.json", "--checks", "all",
            "--max-examples", str(MAX_EXAMPLES), "--no-color", "--report", "junit",
            "--report-dir", str(tmp_path), "--request-timeout", "60"]
    if DERANDOMIZE:
        args.append("--generation-deterministic")
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).parent), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(args, capture_output=True, text=True, timeout=1800, cwd=tmp_path, env=env)
    summary = result.stdout[result.stdout.find("= FAILURES ="):] if "= FAILURES =" in result.stdout else result.stdout
    assert result.returncode == 0, summary[-6000:] + result.stderr[-2000:]
    for phase in ("Examples", "Coverage", "Fuzzing", "Stateful"):
        assert f"✅ {phase}" in result.stdout, f"phase {phase} did not pass or did not run:\n" + result.stdout[-3000:]
    tested = re.search(r"Tested: (\d+)", result.stdout)
    assert tested and int(tested.group(1)) == len(OPERATIONS)


HOSTILE = [
    "' OR 1=1 //",
    '"}) MATCH (n) DETACH DELETE n //',
    "x'}) WITH 1 AS a MATCH (n) DETACH DELETE n RETURN 1 //",
    "`Provision`) DETACH DELETE (n",
    "$id",
    "{id}",
    "CALL db.labels()",
    "x'})MATCH(n)DETACH_DELETE(n)RETURN(n)",
    "\x00\x01\x07\x1b[31m\x7f",
    "\u202e\u200b\ufeff𝕏🀄\U0010ffff",
    "e\u0301\u0301\u0301",
    "知识产权'}]->(x) RETURN x //",
    "../../../../etc/passwd",
    "%00%27",
    "技术调查官" * 100,
    "a" * 5000,
]


def string_parameters(spec: dict):
    for path, ops in spec["paths"].items():
        op = ops.get("get")
        if op is None:
            continue
        for p in op.get("parameters", []):
            yield path, p


@pytest.fixture(scope="module")
def cypher_seen(service):
    """Every Cypher text the Neo4j store sends, recorded while the hostile requests run."""
    seen: list[tuple[str, dict]] = []
    if service.store.backend != "neo4j":
        yield seen
        return
    # reads run in managed read transactions (the generation, then the named query): record every
    # statement those transactions send, at the driver's public transaction class
    original = neo4j.ManagedTransaction.run

    def recording(self, query, parameters=None, **kwargs):
        seen.append((getattr(query, "text", query), {**(parameters or {}), **kwargs}))
        return original(self, query, parameters, **kwargs)

    neo4j.ManagedTransaction.run = recording
    try:
        yield seen
    finally:
        neo4j.ManagedTransaction.run = original


def test_hostile_strings_are_answered_or_refused_and_stay_parameters(live, service, cypher_seen):
    before = service.store.query("graph_counts")
    spec = httpx.get(f"{live}/openapi.json").json()
    sent = 0
    with httpx.Client(base_url=live, timeout=60) as c:
        for path, param in string_parameters(spec):
            for value in HOSTILE:
                if param["in"] == "path":
                    url = path.replace("{" + param["name"] + "}", quote(value, safe=""))
                    r = c.get(url)
                else:
                    r = c.get(path, params={param["name"]: value})
                sent += 1
                assert r.status_code < 500, (path, param["name"], value, r.text[:300])
                if r.status_code >= 400:
                    assert r.headers["content-type"].startswith("application/json"), (path, value, r.text[:200])
                    assert r.json()["message"], (path, value)
    assert sent > 200
    assert service.store.query("graph_counts") == before            # nothing was deleted or written
    if service.store.backend == "neo4j":
        named = {q.cypher for q in load_catalog().values()} | {statement("current_generation"), statement("current_graph")}
        assert cypher_seen, "the hostile requests reached no query at all"
        assert {text for text, _ in cypher_seen} <= named            # only the catalogue's own Cypher ran
        values = [v for _, params in cypher_seen for v in params.values()]
        assert any(isinstance(v, str) and "DETACH" in v for v in values)   # ...with the values as $params


def test_requests_larger_than_any_question_are_refused_with_json(live):
    with httpx.Client(base_url=live, timeout=60) as c:
        r = c.get("/api/adoption", params={"q": "知" * 3000})
        assert r.status_code == 422 and "q" in r.json()["message"]
        r = c.get("/api/documents/" + "d" * 3000)
        assert r.status_code == 422 and r.json()["message"]
        r = c.get("/api/compare", params=[("j", f"j{i}") for i in range(200)])
        assert r.status_code == 422 and r.json()["message"]


def test_a_bearer_token_with_odd_characters_is_refused_not_crashed(service):
    with serving(create_app(Settings(reload_token="not-for-the-fuzzer"), service)) as live:
        for token in ["Bearer é", "Bearer \u00ff" * 50, "Bearer", "", "Basic abc"]:
            r = httpx.post(f"{live}/api/admin/reload", headers={"Authorization": token.encode("latin-1")})
            assert r.status_code == 401 and r.json()["message"]


def test_an_unexpected_error_is_json_and_logged_without_internals(nx_service, monkeypatch, caplog):
    from fastapi.testclient import TestClient

    def broken(*a, **k):
        raise RuntimeError("internal detail: /secret/path")

    monkeypatch.setattr(nx_service, "documents", broken)
    with TestClient(create_app(Settings(), nx_service), raise_server_exceptions=False) as c:
        r = c.get("/api/documents")
    assert r.status_code == 500 and r.json()["error"] == "internal_error"
    assert "secret" not in r.text
    assert any("GET /api/documents" in rec.getMessage() and rec.exc_info for rec in caplog.records)


@pytest.mark.parametrize("limit", [" 3", "3 ", "\x0b3", "３", "3.0", "0", "101", "1e2"])
def test_a_count_is_digits_within_its_range(live, limit):
    r = httpx.get(f"{live}/api/search", params={"q": "专利", "limit": limit})
    assert r.status_code == 422 and "limit" in r.json()["message"]


def test_a_500_keeps_the_connection_alive(nx_service, monkeypatch):
    """A bug answers JSON 500 and the kept-alive connection serves the next request."""
    import http.client

    def broken(*a, **k):
        raise RuntimeError("a bug")

    with serving(create_app(Settings(), nx_service)) as base:
        monkeypatch.setattr(nx_service, "documents", broken)
        host, port = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", "/api/documents")
        first = conn.getresponse()
        body = first.read()
        assert first.status == 500 and b"internal_error" in body
        assert first.getheader("connection", "").lower() != "close"
        assert first.getheader("x-content-type-options") == "nosniff"
        sock = conn.sock
        conn.request("GET", "/api/health")
        second = conn.getresponse()
        assert second.status == 200 and second.read()
        assert conn.sock is sock, "the server closed the connection after the 500"
        conn.close()


@pytest.mark.parametrize("path", ["/%00", "/" + "a" * 5000 + ".html", "/..%2f..%2fetc%2fpasswd", "/pages/index.html",
                                  "/%2e%2e", "/index.html%00.js"])
def test_odd_page_names_are_404_not_500(live, path):
    r = httpx.get(live + path)
    assert r.status_code in (404, 422), (path, r.status_code)
    assert r.json()["message"]
