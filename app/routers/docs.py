"""The API's interactive documentation, with no internet: Swagger UI at /docs and ReDoc at
/redoc, their assets served from the ``fastapi-offline`` package rather than a CDN, and started
by a script file of ours (no inline script, so the pages keep a strict content policy)."""
from importlib.resources import files

from fastapi import APIRouter, HTTPException, Response

router = APIRouter(include_in_schema=False)
_STATIC = files("fastapi_offline") / "static"
ASSETS = {"swagger-ui-bundle.js": "text/javascript; charset=utf-8", "swagger-ui.css": "text/css; charset=utf-8",
          "redoc.standalone.js": "text/javascript; charset=utf-8", "favicon.png": "image/png"}
_CACHE: dict[str, bytes] = {}

SWAGGER = """<!doctype html><html><head><meta charset="utf-8"><title>policykg — API</title>
<link rel="stylesheet" href="/docs-assets/swagger-ui.css"><link rel="icon" href="/docs-assets/favicon.png"></head>
<body><div id="swagger-ui"></div><script src="/docs-assets/swagger-ui-bundle.js"></script>
<script src="/docs-assets/swagger-init.js"></script></body></html>"""
REDOC = """<!doctype html><html><head><meta charset="utf-8"><title>policykg — API</title>
<link rel="icon" href="/docs-assets/favicon.png"></head><body><div id="redoc"></div>
<script src="/docs-assets/redoc.standalone.js"></script><script src="/docs-assets/redoc-init.js"></script></body></html>"""
INIT = {
    "swagger-init.js": 'SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true});\n',
    "redoc-init.js": 'Redoc.init("/openapi.json", {}, document.getElementById("redoc"));\n',
}


@router.get("/docs")
def swagger_ui():
    return Response(SWAGGER, media_type="text/html; charset=utf-8")


@router.get("/redoc")
def redoc():
    return Response(REDOC, media_type="text/html; charset=utf-8")


@router.get("/docs-assets/{name}")
def docs_asset(name: str):
    if name in INIT:
        return Response(INIT[name], media_type="text/javascript; charset=utf-8")
    if name not in ASSETS:
        raise HTTPException(404, "no such asset")
    if name not in _CACHE:
        _CACHE[name] = (_STATIC / name).read_bytes()
    return Response(_CACHE[name], media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=86400"})
