"""The Neo4j Browser guide and style, served so that `browser.post_connect_cmd` can play the guide."""


from fastapi import APIRouter, Response
from fastapi.responses import FileResponse

from policykg.graph.resources import package_dir

ASSETS = package_dir("policykg.graph") / "neo4j" / "browser"
router = APIRouter(tags=["neo4j browser"])
# Public static content that Neo4j Browser fetches from its own origin: open to any origin.
# The API's other routes keep the CORS policy of the settings (closed by default).
OPEN = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Methods": "GET, OPTIONS",
        "Access-Control-Allow-Headers": "*", "Access-Control-Max-Age": "600"}


@router.options("/neo4j/{asset}", include_in_schema=False)
def browser_asset_preflight(asset: str):
    return Response(status_code=204, headers=OPEN)


@router.get("/neo4j/guide.html", response_class=FileResponse)
def browser_guide():
    """A Neo4j Browser guide with runnable queries for the analysts' questions (`:play` this URL)."""
    return FileResponse(ASSETS / "guide.html", media_type="text/html", headers=OPEN)


@router.get("/neo4j/policykg.grass", response_class=FileResponse)
def browser_style():
    """The GraSS style: colour and caption per label. Drag it onto Neo4j Browser."""
    return FileResponse(ASSETS / "policykg.grass", media_type="text/plain", headers=OPEN)
