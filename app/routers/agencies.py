from typing import Annotated

from fastapi import APIRouter, Query

from policykg.deps import ServiceDep
from policykg.schemas import Agency

router = APIRouter(tags=["agencies"])


@router.get("/api/agencies", response_model=list[Agency])
def list_agencies(service: ServiceDep,
                  jurisdiction: Annotated[str | None, Query(max_length=100, description="a jurisdiction id")] = None):
    """Agencies responsible for provisions, each with its normalised type and provisions (with role)."""
    return service.agencies(jurisdiction)
