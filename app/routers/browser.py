"""The Neo4j Browser guide and style, served so that `browser.post_connect_cmd` can play the guide."""
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

ASSETS = Path(__file__).resolve().parents[2] / "tools" / "neo4j" / "browser"
router = APIRouter(tags=["neo4j browser"])


@router.get("/neo4j/guide.html", response_class=FileResponse)
def browser_guide():
    """A Neo4j Browser guide with runnable queries for the analysts' questions (`:play` this URL)."""
    return FileResponse(ASSETS / "guide.html", media_type="text/html",
                        headers={"Access-Control-Allow-Origin": "*"})


@router.get("/neo4j/policykg.grass", response_class=FileResponse)
def browser_style():
    """The GraSS style: colour and caption per label. Drag it onto Neo4j Browser."""
    return FileResponse(ASSETS / "policykg.grass", media_type="text/plain")
