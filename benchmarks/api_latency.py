"""API latency and throughput under concurrent load, on a generated corpus, per store.

``policykg bench api [--documents 3000] [--store networkx|neo4j|both] [--seconds 10] [--clients 8]``

Generates a corpus, starts ``policykg serve`` on a loopback port (for Neo4j: starts the
bundled Neo4j and loads the corpus into it first), then for each question — health,
adoption, compare, lineage — runs ``--clients`` concurrent clients for ``--seconds`` and
prints p50, p95 and requests per second, and the count of failed requests. The answers kept
as bytes (health, matrix, measures) are also measured from a bare ASGI app that sends the same
bytes (:func:`floor`), in the same run. Traffic goes only to 127.0.0.1, and every loop is
bounded in time.

With ``--reloads N`` it then reloads the same corpus N times over ``POST /api/admin/reload``
while the clients keep asking every question in turn, and reports failed requests, p95
during the reloads, and answers that differ from the ones before (the corpus is the same,
so any difference would be a half-built graph served): both must be 0.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

QUESTIONS = {
    "health": "/api/health",
    # varied questions, asked in turn: the first time each is asked is reported apart (first_ask)
    "adoption": ["/api/adoption?q=" + q for q in ("技术调查官", "惩罚性赔偿", "区块链存证", "知识产权质押融资",
                                                  "海外维权援助", "商业秘密保护", "地理标志", "快速维权中心",
                                                  "punitive damages", "patent navigation", "行政裁决", "知识产权保险")],
    "compare": ["/api/compare?j={a}&j={b}".format(a=a, b=b) for a, b in
                (("p0", "c0"), ("p1", "c1"), ("p2", "c2"), ("c0", "c1"), ("p0", "p1"), ("c3", "c4"),
                 ("p3", "c5"), ("c6", "c7"), ("p4", "p5"), ("c8", "c9"), ("p6", "c10"), ("c11", "c12"))],
    "lineage": "/api/lineage/{lineage_doc}",
    "matrix": "/api/matrix",
    "measures": "/api/measures",
    "fulltext": ["/api/search?q=" + q for q in ("知识产权 服务 体系", "区块链 存证", "侵权 假冒 打击", "专利 导航",
                                               "人才 培养 引进", "纠纷 调解 仲裁", "电子商务 平台 监管", "质押 融资 保险")],
}


#: the answers kept once per graph, sent as stored bytes: each is also measured from a bare ASGI
#: app sending the same bytes (:func:`floor`), the least any server in Python takes here
FLOORED = ("health", "matrix", "measures")


def questions(documents: int) -> dict[str, list[str]]:
    """The questions for a corpus of this size (the lineage one names a document it has), each
    as a list of paths asked in turn."""
    doc = f"doc{min(200, documents - 1):05d}"
    out = {}
    for name, q in QUESTIONS.items():
        paths = q if isinstance(q, list) else [q]
        out[name] = [p.replace("{lineage_doc}", doc) for p in paths]
    return out


def _wait(url: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code in (200, 503):
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f}s")


#: what every benchmark client accepts (what httpx and browsers send)
ACCEPT = {"Accept-Encoding": "gzip, deflate"}


#: what httpx leaves as written in a query (RFC 3986's sub-delimiters and more)
QUERY_SAFE = "=&%+,:/|@!$'()*;?~"


def _target(url: str) -> str:
    """The request target of `url` as httpx and browsers send it: percent-encoded UTF-8.

    >>> _target("http://127.0.0.1:8000/api/search?q=知识产权 服务&limit=5")
    '/api/search?q=%E7%9F%A5%E8%AF%86%E4%BA%A7%E6%9D%83%20%E6%9C%8D%E5%8A%A1&limit=5'
    """
    part = urlsplit(url)
    return quote(part.path, safe="/%") + (f"?{quote(part.query, safe=QUERY_SAFE)}" if part.query else "")


def hammer(urls: list[str] | str, seconds: float, clients: int) -> dict:
    """`clients` threads ask the urls in turn for `seconds`: p50, p95, requests per second, failures.

    Each client is the standard library's ``http.client`` on one kept-alive connection, reading
    every byte of each answer as sent (gzip-compressed): decompressing and parsing them is the
    client's work (a browser's, natively), not the server's latency. httpx, used before, spent
    more of the two cores than the server on a 510 KB answer (p95 47 ms against 13 ms, and the
    same 47 ms from a bare ASGI app sending the same bytes): the figure was the client's."""
    urls = [urls] if isinstance(urls, str) else urls
    parts = [urlsplit(u) for u in urls]
    targets = [_target(u) for u in urls]
    latencies: list[float] = []
    sizes: list[int] = []
    failures = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int):
        nonlocal failures
        i = k
        conn = None
        while time.monotonic() < stop:
            part, target = parts[i % len(parts)], targets[i % len(parts)]
            i += 1
            start = time.perf_counter()
            size = 0
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(part.hostname, part.port, timeout=30)
                conn.request("GET", target, headers=ACCEPT)
                r = conn.getresponse()
                size = len(r.read())
                ok = r.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                if conn is not None:
                    conn.close()
                conn = None
            elapsed = time.perf_counter() - start
            with lock:
                if ok:                   # a refused connection is fast: it would flatter the figures
                    latencies.append(elapsed)
                    sizes.append(size)
                else:
                    failures += 1
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    return {"requests": len(latencies) + failures, "failed": failures, **percentiles(latencies),
            "rps": round(len(latencies) / wall, 1),
            "kb_on_the_wire": round(statistics.median(sizes) / 1024, 1) if sizes else None}


def floor(url: str, seconds: float, clients: int) -> dict:
    """The same clients against a bare ASGI app on the same server (uvicorn, as `policykg serve`
    runs it) that sends the bytes and headers `url` answered with, and does nothing else: what
    sending this answer costs on this machine whatever the framework, measured in the same run."""
    from policykg.graph.neo4j_server import free_port
    with httpx.Client(timeout=300) as c, c.stream("GET", url, headers=ACCEPT) as r:
        raw = b"".join(r.iter_raw())
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in r.headers.raw
                   if k.lower() not in (b"content-length", b"date", b"server")]
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="policykg-floor-") as folder:
        body = Path(folder) / "body"
        body.write_bytes(raw)
        (Path(folder) / "headers.json").write_text(json.dumps(headers))
        server = subprocess.Popen([sys.executable, "-m", "policykg.benchmarks.floor_server", folder, str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait(f"http://127.0.0.1:{port}/", timeout=60)
            return hammer(f"http://127.0.0.1:{port}/", seconds, clients)
        finally:
            server.terminate()
            server.wait(30)


def first_asks(urls: list[str]) -> dict:
    """Each question asked once, alone, before any client asks it: what an answer costs when
    nothing about it is remembered (ms: median and slowest)."""
    times = []
    with httpx.Client(timeout=300) as c:
        for url in urls:
            start = time.perf_counter()
            c.get(url)
            times.append((time.perf_counter() - start) * 1000)
    return {"first_ask_median_ms": round(statistics.median(times), 1), "first_ask_max_ms": round(max(times), 1)}


def health_beside(base: str, heavy: str, seconds: float, clients: int) -> dict:
    """The health check, asked once every 50 ms by one client, while `clients` others ask the
    heavy question: how long a heavy answer can hold the cheapest one."""
    latencies: list[float] = []
    stop = time.monotonic() + seconds
    heavy_load = threading.Thread(target=hammer, args=([base + h for h in heavy], seconds, clients))
    heavy_load.start()
    time.sleep(min(1.0, seconds / 4))
    with httpx.Client(timeout=60) as c:
        while time.monotonic() < stop:
            start = time.perf_counter()
            c.get(base + "/api/health")
            latencies.append(time.perf_counter() - start)
            time.sleep(0.05)
    heavy_load.join()
    return {"requests": len(latencies), **percentiles(latencies)}


def percentiles(latencies: list[float]) -> dict:
    """p50 and p95 in milliseconds."""
    ordered = sorted(latencies)
    if not ordered:
        return {"p50_ms": None, "p95_ms": None}
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1)}


def under_reload(base: str, asked: dict[str, str], reloads: int, clients: int, token: str) -> dict:
    """Clients ask every question in turn while the corpus is reloaded `reloads` times."""
    questions = [q for qs in asked.values() for q in qs if q != "/api/health"]
    expected = {q: hashlib.sha256(httpx.get(base + q, timeout=300).content).hexdigest() for q in questions}
    latencies: list[float] = []
    failed, differing = 0, 0
    lock = threading.Lock()
    done = threading.Event()

    def client(k: int):
        nonlocal failed, differing
        i = k
        with httpx.Client(base_url=base, timeout=300) as c:
            while not done.is_set():
                q = (questions + ["/api/health"])[i % (len(questions) + 1)]
                i += 1
                start = time.perf_counter()
                try:
                    r = c.get(q)
                    ok = r.status_code == 200
                    same = q == "/api/health" or hashlib.sha256(r.content).hexdigest() == expected[q]
                except httpx.HTTPError:
                    ok, same = False, True
                with lock:
                    latencies.append(time.perf_counter() - start)
                    failed += 0 if ok else 1
                    differing += 0 if same else 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    reload_seconds = []
    try:
        for _ in range(reloads):
            started = time.perf_counter()
            r = httpx.post(f"{base}/api/admin/reload", headers={"Authorization": f"Bearer {token}"}, timeout=3600)
            r.raise_for_status()
            reload_seconds.append(round(time.perf_counter() - started, 1))
    finally:
        done.set()
        for t in threads:
            t.join()
    return {"reloads": reloads, "reload_seconds": reload_seconds, "requests": len(latencies), "failed": failed,
            "differing_answers": differing, **percentiles(latencies)}


def run_store(store: str, corpus: Path, seconds: float, clients: int, reloads: int = 0,
              documents: int = 3000) -> dict:
    asked = questions(documents)
    from policykg.graph import neo4j_server
    from policykg.graph.neo4j_server import free_port
    port = free_port()
    token = secrets.token_hex(16)
    env = {**os.environ, "POLICYKG_PORT": str(port), "POLICYKG_RELOAD_TOKEN": token}
    neo = None
    args = [sys.executable, "-m", "policykg.cli", "serve", "--corpus", str(corpus)]
    try:
        if store == "neo4j":
            neo = neo4j_server.start(data=tempfile.mkdtemp(prefix="policykg-bench-neo4j-"))
            load_started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "policykg.cli", "load", "--corpus", str(corpus), "--uri", neo.uri],
                           check=True, capture_output=True, env=env)
            load_seconds = round(time.perf_counter() - load_started, 1)
            args += ["--uri", neo.uri]
        server = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            started = time.perf_counter()
            _wait(f"http://127.0.0.1:{port}/api/health")
            out = {"store": store, "startup_seconds": round(time.perf_counter() - started, 1)}
            if neo:
                out["load_seconds"] = load_seconds
            for name, paths in asked.items():
                urls = [f"http://127.0.0.1:{port}{p}" for p in paths]
                first = first_asks(urls)
                out[name] = {**hammer(urls, seconds, clients), **first}
                if name in FLOORED:
                    out[name]["floor"] = floor(urls[0], seconds, clients)
            out["health_beside_lineage"] = health_beside(f"http://127.0.0.1:{port}", asked["lineage"], seconds,
                                                         clients)
            if reloads:
                out["under_reload"] = under_reload(f"http://127.0.0.1:{port}", asked, reloads, clients, token)
            return out
        finally:
            server.terminate()
            server.wait(30)
    finally:
        if neo:
            neo.stop()


def main(argv=None) -> int:
    import argparse
    from policykg.benchmarks.synthetic import write_corpus
    parser = argparse.ArgumentParser(prog="policykg bench api")
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--store", choices=["networkx", "neo4j", "both"], default="both")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--reloads", type=int, default=0,
                        help="then reload the corpus this many times under traffic")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    stores = ["networkx", "neo4j"] if args.store == "both" else [args.store]
    bad = 0
    with tempfile.TemporaryDirectory(prefix="policykg-api-") as folder:
        write_corpus(folder, documents=args.documents, seed=11)
        for store in stores:
            result = {"documents": args.documents, "clients": args.clients, **run_store(store, Path(folder), args.seconds,
                                                                                        args.clients, args.reloads, args.documents)}
            bad += sum(result[q]["failed"] + result[q].get("floor", {}).get("failed", 0) for q in QUESTIONS)
            bad += result.get("under_reload", {}).get("failed", 0) + result.get("under_reload", {}).get(
                "differing_answers", 0)
            if args.json:
                print(json.dumps(result, ensure_ascii=False))
            else:
                print(f"{store}: {args.documents} documents, {args.clients} clients, start {result['startup_seconds']}s"
                      + (f", load {result['load_seconds']}s" if "load_seconds" in result else ""))
                for q in QUESTIONS:
                    r = result[q]
                    print(f"  {q:<9} p50 {r['p50_ms']:>8} ms  p95 {r['p95_ms']:>8} ms  {r['rps']:>7} req/s  "
                          f"{r['requests']} requests, {r['failed']} failed; first ask median "
                          f"{r['first_ask_median_ms']} ms, slowest {r['first_ask_max_ms']} ms")
                    if "floor" in r:
                        f = r["floor"]
                        ratio = f"{r['p95_ms'] / f['p95_ms']:.2f}×" if r["p95_ms"] and f["p95_ms"] else "—"
                        print(f"  {'':<9} floor (bare ASGI app, the same bytes): p50 {f['p50_ms']} ms  p95 "
                              f"{f['p95_ms']} ms  {f['rps']} req/s, {f['failed']} failed; p95 {ratio} the floor's")
                r = result["health_beside_lineage"]
                print(f"  health while {args.clients} clients ask lineage: p50 {r['p50_ms']} ms  p95 {r['p95_ms']} ms  "
                      f"({r['requests']} requests)")
                if "under_reload" in result:
                    r = result["under_reload"]
                    print(f"  under {r['reloads']} reloads ({', '.join(map(str, r['reload_seconds']))} s): "
                          f"p50 {r['p50_ms']} ms  p95 {r['p95_ms']} ms  {r['requests']} requests, "
                          f"{r['failed']} failed, {r['differing_answers']} answers not the whole graph's")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
