"""The route class every API router uses: answers are validated and rendered to JSON in the
worker thread that computed them, never on the event loop.

FastAPI runs a plain ``def`` route in its thread pool but validates the returned value there
and serialises it back on the event loop, so one 2 MB answer holds every other request — the
health check included — for as long as it takes to encode. :class:`OffLoopRoute` wraps each
plain route so the thread returns finished bytes; FastAPI passes a :class:`Response` through
untouched. The declared ``response_model`` still documents the route in OpenAPI, and the bytes
are exactly what FastAPI would have sent (the same model, by alias, JSON mode).

>>> from fastapi import APIRouter
>>> router = APIRouter(route_class=OffLoopRoute)
>>> @router.get("/n", response_model=list[int])
... def numbers():
...     return ["1", 2]
>>> import anyio
>>> anyio.run(router.routes[0].endpoint).body
b'[1,2]'

Plain routes run in a pool of their own, as many at once as :func:`set_worker_threads` says
(the cores on the embedded store), so a crowd of heavy questions queues there instead of
starving every thread of the GIL — the health check, in threads of its own, still answers.
"""
from __future__ import annotations

import functools
import inspect
import os
from typing import Any, Callable

import anyio
from fastapi.datastructures import DefaultPlaceholder
from fastapi import Request
from fastapi.routing import APIRoute
from fastapi.responses import Response
from pydantic import TypeAdapter
from starlette.datastructures import Headers
from starlette.middleware.gzip import GZipMiddleware, IdentityResponder


class OffLoopRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any):
        model = kwargs.get("response_model")
        if model is not None and not isinstance(model, DefaultPlaceholder) \
                and not inspect.iscoroutinefunction(endpoint):
            methods = {m.upper() for m in kwargs.get("methods") or ["GET"]}
            endpoint = _rendered(endpoint, TypeAdapter(model), path if methods == {"GET"} else None)
        super().__init__(path, endpoint, **kwargs)


#: how many answers are computed at once. Work on the embedded store is Python holding the GIL:
#: more threads than cores only make every request (the health check included) wait longer for
#: it, so the default is the number of cores; on Neo4j the threads mostly wait for the server.
_limiter: anyio.CapacityLimiter | None = None
_threads = max(2, os.cpu_count() or 2)


def set_worker_threads(n: int) -> None:
    """The number of answers computed at once (set by the app from the store in use); at least
    two, so that a reload (which waits in one for the requests in flight) never waits on itself."""
    global _threads, _limiter
    _threads, _limiter = max(2, n), None


def _pool() -> anyio.CapacityLimiter:
    global _limiter
    if _limiter is None:
        _limiter = anyio.CapacityLimiter(_threads)
    return _limiter


#: the keyword the answer-keeping wrapper adds to a route for the request itself
_REQUEST = "policykg_request"


def _frozen(value):
    return tuple(_frozen(v) for v in value) if isinstance(value, (list, tuple)) else value


def kept_as(name: str):
    """Marks a route that sends an answer computed once per graph (``service.rendered(name)``)
    itself: once it is computed, the route's answer is sent from the event loop."""
    def mark(endpoint):
        endpoint.policykg_kept = f"rendered:{name}"
        return endpoint
    return mark


def _key(path: str, kwargs: dict) -> tuple:
    """An API answer's key: the route and its parameters."""
    return path, tuple(sorted((k, _frozen(v)) for k, v in kwargs.items() if k not in ("service", _REQUEST)))


def _rendered(endpoint: Callable[..., Any], adapter: TypeAdapter, path: str | None) -> Callable[..., Any]:
    """The route as a worker-thread function returning finished bytes. A GET route whose answer
    depends only on the graph and its parameters (every one with a `service`) keeps its answer
    for the graph's lifetime (:meth:`policykg.service.PolicyService.answer`): asked again, it is
    sent as the bytes (gzip-compressed once) it was the first time, or 304 for a matching ETag."""
    def render(args, kwargs) -> bytes | Response:
        value = endpoint(*args, **kwargs)
        if isinstance(value, Response):
            return value
        return adapter.dump_json(adapter.validate_python(value), by_alias=True)

    signature = inspect.signature(endpoint, eval_str=True)
    # FastAPI hands the request to one parameter only: the route's own, when it has one
    own = next((n for n, p in signature.parameters.items() if p.annotation is Request), None)

    def work(*args, **kwargs):
        request = kwargs.get(own) if own else kwargs.pop(_REQUEST, None)
        service = kwargs.get("service")
        # a route that makes its own response (it takes the request: matrix, measures) keeps
        # its answer itself; the others are kept here
        if path is not None and own is None and request is not None and hasattr(service, "answer"):
            kept = service.answer(_key(path, kwargs), lambda: render(args, kwargs))
            if isinstance(kept, Response):
                return kept
            if isinstance(kept, bytes):                 # keeping answers is off
                return Response(kept, media_type="application/json")
            return per_graph_response(request, kept)
        out = render(args, kwargs)
        return out if isinstance(out, Response) else Response(out, media_type="application/json")

    once = getattr(endpoint, "policykg_kept", None)

    def at_once(kwargs) -> Response | None:
        """The answer, when it is kept and can be sent without waiting (PolicyService.kept): no
        worker thread is needed for bytes already made. Only GET routes are kept."""
        service = kwargs.get("service")
        if path is None or not hasattr(service, "kept"):
            return None
        if own is None:
            request = kwargs.get(_REQUEST)
            hit = service.kept(_key(path, kwargs)) if request is not None else None
        else:
            request = kwargs.get(own)
            hit = service.kept(once) if once is not None else None
        return per_graph_response(request, hit) if hit is not None else None

    @functools.wraps(endpoint)
    async def route(*args, **kwargs):
        sent = at_once(kwargs)
        if sent is not None:
            return sent
        return await anyio.to_thread.run_sync(functools.partial(work, *args, **kwargs), limiter=_pool())
    if path is not None and own is None:
        signature = signature.replace(parameters=[*signature.parameters.values(), inspect.Parameter(
            _REQUEST, inspect.Parameter.KEYWORD_ONLY, annotation=Request)])
    route.__signature__ = signature
    return route


#: answers from this size are gzip-compressed for clients that accept it (app.main's GZip)
GZIP_FROM = 1024


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an Accept-Encoding header admits gzip (``gzip;q=0`` refuses it, ``*`` admits it).

    >>> accepts_gzip("gzip, deflate, br"), accepts_gzip("identity"), accepts_gzip("gzip;q=0"), accepts_gzip("*")
    (True, False, False, True)
    """
    wanted: dict[str, float] = {}
    for part in (accept_encoding or "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding:
            wanted[coding] = q
    return wanted.get("gzip", wanted.get("*", 0.0)) > 0


def per_graph_response(request, rendered) -> Response:
    """An answer that depends only on the graph (:class:`policykg.service.Rendered`): its
    compressed bytes when the client accepts gzip (compressed once per graph, not per request),
    304 when the client already holds this ETag."""
    gzip = accepts_gzip(request.headers.get("accept-encoding"))
    # one tag per representation (RFC 9110 §8.8.3): the compressed bytes are not the plain ones
    etag = rendered.etag[:-1] + '-gz"' if gzip else rendered.etag
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    held = {t.strip() for t in request.headers.get("if-none-match", "").split(",")}
    if held & {rendered.etag, rendered.etag[:-1] + '-gz"', "*"}:
        return Response(status_code=304, headers={**headers, "Vary": "Accept-Encoding"})
    if gzip:
        return Response(rendered.gzipped, media_type="application/json",
                        headers={**headers, "Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
    if len(rendered.body) < GZIP_FROM:
        headers["Vary"] = "Accept-Encoding"          # the GZip middleware adds it only to larger bodies
    return Response(rendered.body, media_type="application/json", headers=headers)


class GZip(GZipMiddleware):
    """Starlette's GZip middleware, honouring a client that refuses gzip (``gzip;q=0``); an
    answer already compressed (:func:`per_graph_response`) passes through it untouched."""

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            if not accepts_gzip(Headers(scope=scope).get("accept-encoding")):
                return await IdentityResponder(self.app, self.minimum_size,
                                               exclude_content_types=self.exclude_content_types)(scope, receive, send)
        await super().__call__(scope, receive, send)
