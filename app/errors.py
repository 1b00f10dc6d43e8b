"""The one place where policykg's exceptions become HTTP responses.

Every error body is JSON: ``{"error": kind, "message": text}``.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from policykg.graph.ids import PATTERN
from policykg.schemas import ErrorBody
from policykg.graph.errors import Busy, InvalidRequest, LoadError, NotFound, PolicyKGError, QueryError, StoreUnavailable

log = logging.getLogger("policykg.api")
STATUS = [(NotFound, 404, "not_found"), (InvalidRequest, 422, "invalid_request"), (LoadError, 422, "load_failed"), (StoreUnavailable, 503, "store_unavailable"), (Busy, 409, "busy"),
          (QueryError, 500, "query_error")]


def error_responses(*codes: int) -> dict:
    """OpenAPI entries for the error statuses a route can answer, all with the JSON error body."""
    described = {401: "A valid bearer token is needed", 403: "Switched off", 404: "No such id",
                 409: "Another reload is running", 422: "The request is invalid, or the corpus failed to load",
                 503: "The store does not answer"}
    return {code: {"model": ErrorBody, "description": described[code]} for code in codes}


#: what every route can answer besides success
COMMON_ERRORS = (404, 422, 503)


def _body(status: int, kind: str, message: str, **extra) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": kind, "message": message, **extra})


def _readable(error: dict) -> str:
    """A validation message a person can act on (the id rule, not its regular expression)."""
    if error.get("type") == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == PATTERN:
        return "is not an id: ids have no white space, control or invisible characters, and none of / \\ ? # %"
    return error.get("msg", "invalid")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PolicyKGError)
    async def policykg_error(_: Request, exc: PolicyKGError):
        for cls, status, kind in STATUS:
            if isinstance(exc, cls):
                return _body(status, kind, str(exc))
        return _body(500, "error", str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError):
        problems = []
        for e in exc.errors():
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            problems.append(f"{where}: {_readable(e)}")
        return _body(422, "invalid_request", "; ".join(problems) or "invalid request",
                     errors=[{"loc": list(map(str, e.get("loc", ()))), "msg": _readable(e)} for e in exc.errors()])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        kind = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}.get(exc.status_code, "http_error")
        response = _body(exc.status_code, kind, str(exc.detail))
        response.headers.update(exc.headers or {})      # Allow on a 405, WWW-Authenticate on a 401
        return response


class CatchBugs:
    """ASGI middleware: a bug (an exception no handler turned into an answer) becomes a JSON 500,
    logged once with its traceback, and the connection stays open.

    Starlette's own last-resort handler answers too, but then re-raises, and the server closes
    the kept-alive connection; this answers and returns instead. It sits inside the security
    headers, so a 500 carries them like any answer."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def sending(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            log.error("unexpected error answering %s %s", scope.get("method"), scope.get("path"), exc_info=exc)
            if started:          # part of an answer is out: nothing sound can follow it
                raise
            response = _body(500, "internal_error", "an unexpected error occurred; it has been logged on the server")
            await response(scope, receive, send)
