"""The one place where policykg's exceptions become HTTP responses.

Every error body is JSON: ``{"error": kind, "message": text}``.
"""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph.errors import InvalidRequest, LoadError, NotFound, PolicyKGError, QueryError, StoreUnavailable

STATUS = [(NotFound, 404, "not_found"), (InvalidRequest, 422, "invalid_request"), (LoadError, 422, "load_failed"), (StoreUnavailable, 503, "store_unavailable"),
          (QueryError, 500, "query_error")]


def _body(status: int, kind: str, message: str, **extra) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": kind, "message": message, **extra})


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
            problems.append(f"{where}: {e.get('msg')}")
        return _body(422, "invalid_request", "; ".join(problems) or "invalid request",
                     errors=[{"loc": list(map(str, e.get("loc", ()))), "msg": e.get("msg")} for e in exc.errors()])

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        kind = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}.get(exc.status_code, "http_error")
        return _body(exc.status_code, kind, str(exc.detail))
