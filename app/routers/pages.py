"""The analysts' pages: static HTML and JavaScript over the API, no build step."""
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from policykg.graph.resources import package_dir

PAGES = package_dir("policykg") / "pages"
router = APIRouter(include_in_schema=False)
MEDIA = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@router.get("/")
def index():
    return FileResponse(PAGES / "index.html", media_type=MEDIA[".html"])


@router.get("/{name}")
def page(name: str):
    path = (PAGES / name).resolve()
    if path.parent != PAGES or path.suffix not in MEDIA or not path.is_file():
        raise HTTPException(404, f"no page {name!r}")
    return FileResponse(path, media_type=MEDIA[path.suffix])
