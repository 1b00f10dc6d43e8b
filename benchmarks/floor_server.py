"""A bare ASGI app that answers every request with one stored answer: the floor of
``policykg bench api`` (what sending those bytes costs on this machine, with no framework).

``python -m policykg.benchmarks.floor_server FOLDER PORT`` serves ``FOLDER/body`` with the
headers in ``FOLDER/headers.json`` on 127.0.0.1:PORT, run by uvicorn as ``policykg serve`` runs
the app (same server, same log level).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path


def app_for(body: bytes, headers: list[tuple[str, str]]):
    """The ASGI app sending `body` with `headers` (and its length) to every HTTP request.

    >>> import anyio
    >>> sent = []
    >>> async def send(m): sent.append(m)
    >>> anyio.run(app_for(b"{}", [("content-type", "application/json")]), {"type": "http"}, None, send)
    >>> sent[0]["status"], sent[1]["body"]
    (200, b'{}')
    """
    start = {"type": "http.response.start", "status": 200,
             "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
             + [(b"content-length", str(len(body)).encode())]}
    message = {"type": "http.response.body", "body": body}

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send(start)
        await send(message)
    return app


def main(argv=None) -> int:
    import uvicorn
    folder, port = (argv or sys.argv[1:])[:2]
    body = (Path(folder) / "body").read_bytes()
    headers = [tuple(h) for h in json.loads((Path(folder) / "headers.json").read_text())]
    from policykg.settings import Settings
    # the log level `policykg serve` runs with (its access log included), so the floor does the same per request
    uvicorn.run(app_for(body, headers), host="127.0.0.1", port=int(port), log_level=Settings().log_level)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
