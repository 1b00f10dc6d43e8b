from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BeforeValidator, StringConstraints

from policykg.deps import ServiceDep
from policykg.graph.ids import MAX_ID, PATTERN
from policykg.schemas import Adoption, Comparison, SearchHit, ThemeId
from policykg.routes import OffLoopRoute

router = APIRouter(tags=["questions"], route_class=OffLoopRoute)
#: a jurisdiction by id or by name: an id's characters, and spaces between words (Hanyang District)
NAME = PATTERN.replace(r"\x00-\x20", r"\x00-\x1f")
Q = Annotated[str, Query(min_length=1, max_length=200, description="a phrase in Chinese or English",
                         examples=["技术调查官", "punitive damages"])]


def _digits_only(value):
    """A count is written in ASCII digits: ' 3', '3 ' or '３' is refused, not read as 3."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("must be a whole number written in digits")
    return value


Limit = Annotated[int, Query(ge=1, le=100, description="how many at most"), BeforeValidator(_digits_only)]


Offset = Annotated[int, Query(ge=0, le=1_000_000, description="skip this many jurisdictions"),
                   BeforeValidator(_digits_only)]
PageLimit = Annotated[int, Query(ge=1, le=1000, description="jurisdictions per page"), BeforeValidator(_digits_only)]
PerJurisdiction = Annotated[int, Query(ge=1, le=1000, description="provisions per jurisdiction at most"),
                            BeforeValidator(_digits_only)]


@router.get("/api/adoption", response_model=Adoption)
def adoption(q: Q, service: ServiceDep, offset: Offset = 0, limit: PageLimit = 100,
             per_jurisdiction: PerJurisdiction = 50, text: bool = True):
    """Which jurisdictions adopt what the phrase names. `route` is `measure` when the phrase resolves to
    codebook measures (then the jurisdictions are exactly those with a provision tagged with them), and
    `fulltext` when no measure fits (then provisions are ranked by BM25 over character bigrams).

    Paged: `limit` jurisdictions from `offset`, each with at most `per_jurisdiction` provisions;
    `total`, each jurisdiction's `provision_total` and `truncated` say what a page leaves out, and
    `text=false` leaves the provision texts out (ids, numbers and evidence stay)."""
    return service.adoption(q, offset, limit, per_jurisdiction, text)


@router.get("/api/search", response_model=list[SearchHit])
def search(q: Q, service: ServiceDep, limit: Limit = 20):
    """Provisions ranked by BM25 over character bigrams (a question's taken within its words)."""
    return service.search(q, limit)


@router.get("/api/compare", response_model=Comparison)
def compare(service: ServiceDep,
            j: Annotated[list[Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID, pattern=NAME)]],
                         Query(min_length=2, max_length=20, json_schema_extra={"uniqueItems": True},
                               examples=[["beijing", "luohe"]],
                               description="two or more different jurisdictions, each by id or name (北京市, Beijing)")],
            theme: ThemeId | None = None, per_jurisdiction: PerJurisdiction = 20, text: bool = True):
    """Two or more jurisdictions side by side: measures all of them adopt (`shared`), measures only one adopts
    (`only`), the rest (`partial`), each with every side's provisions; optionally restricted to a theme.
    Each measure lists at most `per_jurisdiction` provisions per jurisdiction (`provision_totals` gives
    all, `truncated` says when some were left out); `text=false` leaves the texts out."""
    return service.compare(j, theme, per_jurisdiction, text)
