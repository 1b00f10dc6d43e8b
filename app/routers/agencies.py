from typing import Annotated

from fastapi import APIRouter, Query

from policykg.graph.ids import MAX_ID, PATTERN
from policykg.deps import ServiceDep
from policykg.schemas import Agency
from policykg.routes import OffLoopRoute

router = APIRouter(tags=["agencies"], route_class=OffLoopRoute)


@router.get("/api/agencies", response_model=list[Agency])
def list_agencies(service: ServiceDep,
                  jurisdiction: Annotated[str | None, Query(max_length=MAX_ID, pattern=PATTERN, description="a jurisdiction id", examples=["hanyang"])] = None):
    """Agencies responsible for provisions, each with its normalised type and provisions (with role)."""
    return service.agencies(jurisdiction)
