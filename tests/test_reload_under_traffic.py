"""A reload under traffic, on both stores: clients keep asking while the corpus is
reloaded back and forth between two versions over POST /api/admin/reload. No request
fails, and every answer is exactly one version's answer: never a half-built graph."""
from __future__ import annotations

import os
import re
import shutil
import threading
import time

import httpx

from policykg.main import create_app
from policykg.settings import Settings
from policykg.loaders.datafiles import DEFAULT_CORPUS
from helpers import serving

QUESTIONS = ["/api/documents", "/api/matrix", "/api/compare?j=beijing&j=luolong", "/api/adoption?q=技术调查官",
             "/api/lineage/luolong", "/api/jurisdictions/henan/lineage", "/api/search?q=惩罚性赔偿"]
TOKEN = "reload-under-traffic"


def without_luohe(dst):
    """The bundled corpus less one document: the graph's second version."""
    shutil.copytree(DEFAULT_CORPUS, dst)
    manifest = (dst / "manifest.toml").read_text(encoding="utf-8")
    manifest = re.sub(r'\[\[documents\]\]\nfile = "luohe.txt"\n(?:[a-z_]+ = .*\n)*', "", manifest)
    (dst / "manifest.toml").write_text(manifest, encoding="utf-8")
    return dst


def point(link, target):
    """Re-point the corpus path the server reloads from, atomically."""
    tmp = link.with_name(link.name + ".new")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target, target_is_directory=True)
    os.replace(tmp, link)


def answers(c: httpx.Client) -> dict:
    out = {q: c.get(q).json() for q in QUESTIONS}
    out["counts"] = c.get("/api/health").json()["counts"]
    return out


def test_a_reload_under_traffic_fails_nothing_and_serves_whole_graphs(tmp_path, service):
    second = without_luohe(tmp_path / "second")
    live = tmp_path / "live"
    point(live, DEFAULT_CORPUS)
    settings = Settings(reload_token=TOKEN, corpus=live)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    try:
        with serving(create_app(settings, service)) as url, httpx.Client(base_url=url, timeout=120) as c:
            versions = []
            for target in (second, DEFAULT_CORPUS):
                point(live, target)
                assert c.post("/api/admin/reload", headers=auth).status_code == 200
                versions.append(answers(c))
            assert versions[0] != versions[1]
            assert [d["id"] for d in versions[0]["/api/documents"]] == ["beijing", "hanyang", "luolong", "luoyang"]

            stop = threading.Event()
            seen: list[tuple[str, int, object]] = []
            lock = threading.Lock()

            def client(k):
                with httpx.Client(base_url=url, timeout=120) as cc:
                    i = k
                    while not stop.is_set():
                        q = (QUESTIONS + ["/api/health"])[i % (len(QUESTIONS) + 1)]
                        i += 1
                        try:
                            r = cc.get(q)
                            body = r.json()
                            status = r.status_code
                        except httpx.HTTPError as exc:        # a refused or dropped connection fails too
                            status, body = 0, repr(exc)
                        if q == "/api/health" and status == 200:
                            q, body = "counts", body["counts"]
                        with lock:
                            seen.append((q, status, body))

            clients = [threading.Thread(target=client, args=(k,)) for k in range(6)]
            for t in clients:
                t.start()
            reloads = []
            try:
                for target in (second, DEFAULT_CORPUS, second, DEFAULT_CORPUS):
                    time.sleep(0.3)
                    point(live, target)
                    r = c.post("/api/admin/reload", headers=auth)
                    reloads.append(r.status_code)
                time.sleep(0.3)
            finally:
                stop.set()
                for t in clients:
                    t.join(60)
            assert reloads == [200] * 4
            failed = [(q, status) for q, status, _ in seen if status != 200]
            assert not failed, failed[:5]
            mixed = [q for q, _, body in seen if body not in (versions[0][q], versions[1][q])]
            assert not mixed, f"{len(mixed)} answers match neither graph, e.g. {mixed[:3]}"
            # the traffic did cross the reloads: both versions were served while it ran
            served = {0 if body == versions[0]["/api/documents"] else 1
                      for q, _, body in seen if q == "/api/documents"}
            assert served == {0, 1} and len(seen) > 100
    finally:
        if service.corpus_path != str(DEFAULT_CORPUS):
            service.load()           # the session's other tests expect the bundled corpus


def test_a_second_reload_while_one_runs_is_refused_with_409(monkeypatch):
    from policykg.service import PolicyService
    from policykg.graph.nx_store import NetworkxStore
    service = PolicyService(NetworkxStore())          # its own: this test reloads it
    service.load()
    settings = Settings(reload_token=TOKEN, corpus=DEFAULT_CORPUS)
    entered, release = threading.Event(), threading.Event()
    parse = service.parse

    def slow_parse(*args, **kwargs):
        entered.set()
        release.wait(30)
        return parse(*args, **kwargs)

    monkeypatch.setattr(service, "parse", slow_parse)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    first: list[int] = []
    with serving(create_app(settings, service)) as url:
        thread = threading.Thread(target=lambda: first.append(
            httpx.post(f"{url}/api/admin/reload", headers=auth, timeout=120).status_code))
        thread.start()
        try:
            assert entered.wait(30)
            r = httpx.post(f"{url}/api/admin/reload", headers=auth, timeout=30)
            assert r.status_code == 409 and "already running" in r.json()["message"]
            assert httpx.get(f"{url}/api/documents", timeout=30).status_code == 200   # readers go on meanwhile
        finally:
            release.set()
            thread.join(120)
    assert first == [200]
