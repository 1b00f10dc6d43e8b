"""Safety: the one endpoint that changes the graph is off by default and needs a token;
CORS allows only the origins configured; Neo4j credentials appear in no log, error or
health answer — at any log level, wherever they were given (options, environment, URI)."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from policykg.main import create_app
from policykg.service import PolicyService
from policykg.settings import Settings
from policykg.graph.neo4j_server import free_port
from policykg.graph.errors import StoreUnavailable
from policykg.graph.neo4j_store import Neo4jStore

SECRET = "Pw-9f3c-never-shown"


@pytest.fixture
def clean_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("POLICYKG_"):
            monkeypatch.delenv(name)


def test_reload_is_off_by_default_and_needs_the_exact_token(clean_env):
    from policykg.graph.nx_store import NetworkxStore
    service = PolicyService(NetworkxStore())          # its own: this test reloads it
    service.load()
    with TestClient(create_app(Settings(), service)) as c:
        r = c.post("/api/admin/reload", headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403 and "disabled" in r.json()["message"]
        r = c.post("/api/admin/reload")
        assert r.status_code == 401 and "disabled" in r.json()["message"]
        assert r.headers["www-authenticate"] == "Bearer"
    with TestClient(create_app(Settings(reload_token="tok-123"), service)) as c:
        for header in ({}, {"Authorization": "tok-123"}, {"Authorization": "Bearer tok-1234"},
                       {"Authorization": "Bearer tok-12"}, {"Authorization": "Bearer tok-123 "},
                       {"Authorization": "Bearer TOK-123"}, {"Authorization": "Basic tok-123"}):
            r = c.post("/api/admin/reload", headers=header)
            assert r.status_code == 401 and r.json()["error"] == "unauthorized", header
        assert c.get("/api/admin/reload").status_code == 405
        assert c.post("/api/admin/reload", headers={"Authorization": "Bearer tok-123"}).status_code == 200
        assert c.post("/api/admin/reload", headers={"Authorization": "bearer tok-123"}).status_code == 200


def test_a_token_may_hold_any_characters_and_a_blank_one_is_refused():
    from policykg.graph.nx_store import NetworkxStore
    service = PolicyService(NetworkxStore())
    service.load()
    with TestClient(create_app(Settings(reload_token="密钥-ü"), service)) as c:
        sent = "Bearer 密钥-ü".encode()                      # the header's bytes, UTF-8
        assert c.post("/api/admin/reload", headers={"Authorization": sent}).status_code == 200
        assert c.post("/api/admin/reload", headers={"Authorization": "Bearer 密钥-u".encode()}).status_code == 401
    with pytest.raises(ValueError, match="blank"):
        Settings(reload_token="  ")


def test_no_route_but_reload_changes_the_graph(nx_service):
    spec = create_app(Settings(), nx_service).openapi()
    writes = [(m.upper(), p) for p, ops in spec["paths"].items() for m in ops if m != "get"]
    assert writes == [("POST", "/api/admin/reload")]


def test_cors_is_closed_by_default(clean_env, nx_service):
    with TestClient(create_app(Settings(), nx_service)) as c:
        r = c.get("/api/documents", headers={"Origin": "https://elsewhere.example"})
        assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
        r = c.options("/api/documents", headers={"Origin": "https://elsewhere.example",
                                                 "Access-Control-Request-Method": "GET"})
        assert "access-control-allow-origin" not in r.headers


def test_cors_allows_exactly_the_configured_origins_and_only_reading(nx_service):
    allowed = "https://analysts.example"
    with TestClient(create_app(Settings(cors_origins=[allowed]), nx_service)) as c:
        r = c.get("/api/documents", headers={"Origin": allowed})
        assert r.headers["access-control-allow-origin"] == allowed
        assert "access-control-allow-credentials" not in r.headers
        r = c.get("/api/documents", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in r.headers
        r = c.options("/api/admin/reload", headers={"Origin": allowed, "Access-Control-Request-Method": "POST"})
        assert r.status_code == 400 and "POST" not in r.headers.get("access-control-allow-methods", "")


def test_cors_origins_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("POLICYKG_CORS_ORIGINS", '["https://a.example", "https://b.example"]')
    assert Settings().cors_origins == ["https://a.example", "https://b.example"]


def test_credentials_in_a_uri_are_taken_out_of_it_and_never_shown():
    uri = f"bolt://analyst:{SECRET}@127.0.0.1:{free_port()}"       # nothing listens there
    store = Neo4jStore(uri)
    assert SECRET not in store.uri
    service = PolicyService(store)
    settings = Settings(backend="neo4j", neo4j_uri=uri, neo4j_password=SECRET)
    with store.driver, TestClient(create_app(settings, service)) as c:
        for url in ("/api/health", "/api/documents", "/api/adoption?q=x"):
            r = c.get(url)
            assert r.status_code == 503 and SECRET not in r.text
    assert SECRET not in repr(settings) and SECRET not in str(settings.model_dump())


@pytest.mark.parametrize("written", ["bolt://analyst:{pw}@127.0.0.1:7687", "bolt://neo4j:12/{pw}#x?y@127.0.0.1:7687",
                                     "neo4j://neo4j:{pw}@db.example", "neo4j:{pw}@127.0.0.1:7687",
                                     "bolt://neo4j:%50{pw}@127.0.0.1:7687"])
def test_however_a_password_is_written_into_a_uri_it_is_taken_out(written):
    settings = Settings(backend="neo4j", neo4j_uri=written.format(pw=SECRET))
    assert SECRET not in repr(settings) and SECRET not in settings.neo4j_uri
    assert SECRET in settings.neo4j_password.get_secret_value()
    try:
        store = Neo4jStore(written.format(pw=SECRET))
    except StoreUnavailable as exc:                  # a URI without a scheme: refused, still not shown
        assert SECRET not in str(exc) and "scheme" in str(exc)
    else:
        store.close()
        assert SECRET not in store.uri


def test_no_log_record_at_any_level_carries_the_password(neo4j_uri, caplog):
    """Against a real Neo4j, with the driver logging its Bolt traffic at DEBUG."""
    caplog.set_level(logging.DEBUG)
    store = Neo4jStore(neo4j_uri, "neo4j", SECRET)
    service = PolicyService(store)
    with store.driver, TestClient(create_app(Settings(backend="neo4j", neo4j_password=SECRET), service),
                                  raise_server_exceptions=False) as c:
        for url in ("/api/health", "/api/documents", "/api/measures/nope", "/api/compare?j=a&j=a"):
            assert SECRET not in c.get(url).text
    assert any(r.name.startswith("neo4j") for r in caplog.records)           # the driver did log
    assert SECRET not in caplog.text


def test_the_served_process_prints_no_credentials(neo4j_uri, tmp_path):
    """`policykg serve` on Neo4j, password from the environment, log level debug: nothing it
    writes — start-up lines, access log, driver log, errors — holds the password."""
    port = free_port()
    env = {**os.environ, "POLICYKG_NEO4J_PASSWORD": SECRET, "POLICYKG_NEO4J_URI": neo4j_uri,
           "POLICYKG_BACKEND": "neo4j", "POLICYKG_PORT": str(port), "POLICYKG_LOG_LEVEL": "debug",
           "POLICYKG_RELOAD_TOKEN": "t"}
    out = tmp_path / "serve.log"
    with out.open("w") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "policykg.cli", "serve"], env=env, stdout=sink,
                                stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/api/health", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline and proc.poll() is None, out.read_text()[-2000:]
                time.sleep(0.3)
            for url in ("/api/documents", "/api/documents/nope", "/api/adoption?q=惩罚性赔偿"):
                assert SECRET not in httpx.get(base + url, timeout=60).text
            assert httpx.post(f"{base}/api/admin/reload", headers={"Authorization": SECRET}).status_code == 401
        finally:
            proc.terminate()
            proc.wait(30)
    log = out.read_text()
    assert "GET /api/documents" in log and "neo4j" in log.lower()             # it did log, at debug
    assert SECRET not in log


def test_no_answer_shows_an_absolute_path_of_the_server(tmp_path):
    """Health names the corpus folder, not where it is; warnings name files inside the corpus."""
    from helpers import write_corpus
    from policykg.graph.nx_store import NetworkxStore
    text = "关于加强知识产权保护的方案\n一、严保护\n（一）严厉打击侵权假冒。贯彻《某某条例，落实惩罚性赔偿制度。\n"
    folder = write_corpus(tmp_path / "corpus-x", {"odd.txt": text})
    service = PolicyService(NetworkxStore())
    service.load(folder)
    with TestClient(create_app(Settings(corpus=folder), service)) as c:
        health = c.get("/api/health").json()
        assert health["corpus"] == "corpus-x"
        doc = c.get("/api/documents/odd").json()
        assert doc["warnings"] and all(w.startswith("corpus-x/odd.txt: ") for w in doc["warnings"])
        for path in ("/api/health", "/api/documents", "/api/documents/odd", "/api/jurisdictions"):
            assert str(tmp_path) not in c.get(path).text, path
