"""`policykg bench api`'s client and floor: every byte of each answer is read, failures are
counted, and the floor sends exactly what the measured server sent."""
import gzip
import json
import subprocess
import sys

import pytest

httpx = pytest.importorskip("httpx")

from policykg.benchmarks.api_latency import _target, _wait, floor, hammer  # noqa: E402
from policykg.graph.neo4j_server import free_port  # noqa: E402


@pytest.fixture()
def served(tmp_path):
    """A floor server answering a 200 KB gzip-compressed JSON body."""
    body = gzip.compress(json.dumps({"n": list(range(40000))}).encode(), mtime=0)
    (tmp_path / "body").write_bytes(body)
    (tmp_path / "headers.json").write_text(json.dumps([["content-type", "application/json"],
                                                       ["content-encoding", "gzip"]]))
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "policykg.benchmarks.floor_server", str(tmp_path), str(port)])
    try:
        _wait(f"http://127.0.0.1:{port}/", timeout=60)
        yield f"http://127.0.0.1:{port}/", body
    finally:
        server.terminate()
        server.wait(30)


def test_the_clients_read_every_byte_as_sent(served):
    url, body = served
    out = hammer([url + "?a=1", url], 0.5, 2)
    assert out["requests"] > 0 and out["failed"] == 0
    assert out["kb_on_the_wire"] == round(len(body) / 1024, 1)      # compressed: not decoded by the client
    assert out["p50_ms"] <= out["p95_ms"]


def test_the_floor_sends_what_the_server_sent(served, monkeypatch):
    import policykg.benchmarks.api_latency as bench
    url, body = served
    sent = {}
    real_hammer = bench.hammer

    def hammer_and_look(floor_url, seconds, clients):
        with httpx.Client() as c, c.stream("GET", floor_url, headers=bench.ACCEPT) as r:
            sent["body"], sent["headers"] = b"".join(r.iter_raw()), r.headers
        return real_hammer(floor_url, seconds, clients)
    monkeypatch.setattr(bench, "hammer", hammer_and_look)
    out = floor(url, 0.5, 2)
    assert out["failed"] == 0 and out["kb_on_the_wire"] == round(len(body) / 1024, 1)
    # the very bytes, with the same headers
    assert sent["body"] == body
    assert (sent["headers"]["content-encoding"], sent["headers"]["content-type"]) == ("gzip", "application/json")


def test_questions_in_chinese_with_spaces_are_sent_as_a_browser_sends_them(served):
    import httpx
    for question in ("/api/search?q=知识产权 服务 体系&limit=5", "/api/adoption?q=技术调查官&j=p0&j=c1",
                     "/api/lineage/doc00200", "/api/adoption?q=punitive damages",
                     "/api/search?q=a,b:c/d|e@f!g$h'i(j)k*l;m~n?o", "/api/adoption?q=100%25 sure"):
        assert _target("http://127.0.0.1:1" + question) == httpx.URL("http://127.0.0.1:1" + question).raw_path.decode()
    url, _ = served
    out = hammer([url + "api/search?q=知识产权 服务&limit=5", url + "api/adoption?q=技术调查官"], 0.5, 2)
    assert out["requests"] > 0 and out["failed"] == 0


def test_a_server_that_is_not_there_counts_as_failures_and_never_as_fast_answers():
    out = hammer(f"http://127.0.0.1:{free_port()}/api/health", 0.3, 2)
    assert out["requests"] > 0 and out["failed"] == out["requests"]
    assert out["p50_ms"] is None and out["p95_ms"] is None and out["rps"] == 0
