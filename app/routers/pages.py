"""The analysts' pages: static HTML and JavaScript over the API, no build step.

The pages are a fixed set, read from the package once: a request names one of them or gets
404. No part of a request's path ever reaches the filesystem."""
from typing import Annotated

from fastapi import APIRouter, HTTPException, Response
from fastapi import Path as FastPath

from policykg.graph.resources import package_dir

PAGES_DIR = package_dir("policykg.pages")
MEDIA = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".css": "text/css; charset=utf-8"}
#: name → (bytes, media type), for every page, script and style sheet shipped
PAGES = {p.name: (p.read_bytes(), MEDIA[p.suffix]) for p in sorted(PAGES_DIR.iterdir())
         if p.is_file() and p.suffix in MEDIA}
router = APIRouter(tags=["pages"])
HTML = {200: {"description": "The page", "content": {"text/html": {}}}}
ASSET = {200: {"description": "The page, script or style sheet",
               "content": {"text/html": {}, "text/javascript": {}, "text/css": {}}}}


def _page(name: str) -> Response:
    found = PAGES.get(name)
    if found is None:
        raise HTTPException(404, "no such page")
    body, media = found
    return Response(body, media_type=media)


@router.get("/", response_class=Response, responses=HTML, operation_id="page_index")
def index():
    """The search page: which jurisdictions adopt a measure."""
    return _page("index.html")


@router.get("/{name}", response_class=Response, responses=ASSET, operation_id="page")
def page(name: Annotated[str, FastPath(examples=["matrix.html"], description="a page, script or style sheet")]):
    """A page of the analysts' interface (matrix.html, compare.html, lineage.html, measure.html)
    or one of its scripts and style sheets."""
    return _page(name)
