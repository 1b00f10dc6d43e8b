"""The route class every API router uses: answers are validated and rendered to JSON in the
worker thread that computed them, never on the event loop.

FastAPI runs a plain ``def`` route in its thread pool but validates, serialises and renders the
returned value back on the event loop, so one 2 MB answer holds every other request — the
health check included — for as long as it takes to encode. :class:`OffLoopRoute` wraps each
plain route so the thread returns finished bytes; FastAPI passes a :class:`Response` through
untouched. The declared ``response_model`` still documents the route in OpenAPI, and the bytes
are exactly what FastAPI would have sent (the same model, by alias, JSON mode).

>>> from fastapi import APIRouter
>>> router = APIRouter(route_class=OffLoopRoute)
>>> @router.get("/n", response_model=list[int])
... def numbers():
...     return ["1", 2]
>>> router.routes[0].endpoint().body
b'[1,2]'
"""
from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute
from fastapi.responses import Response
from pydantic import TypeAdapter


class OffLoopRoute(APIRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any):
        model = kwargs.get("response_model")
        if model is not None and not isinstance(model, DefaultPlaceholder) \
                and not inspect.iscoroutinefunction(endpoint):
            endpoint = _rendered(endpoint, TypeAdapter(model))
        super().__init__(path, endpoint, **kwargs)


def _rendered(endpoint: Callable[..., Any], adapter: TypeAdapter) -> Callable[..., Any]:
    @functools.wraps(endpoint)
    def route(*args, **kwargs):
        value = endpoint(*args, **kwargs)
        if isinstance(value, Response):
            return value
        return Response(adapter.dump_json(adapter.validate_python(value), by_alias=True),
                        media_type="application/json")
    route.__signature__ = inspect.signature(endpoint, eval_str=True)
    return route
