from typing import Annotated

from fastapi import APIRouter, Query

from policykg.graph.ids import MAX_ID, PATTERN
from policykg.deps import ServiceDep
from policykg.loaders.agencies import agency_types
from policykg.schemas import Agency, AgencyType
from policykg.routes import OffLoopRoute

router = APIRouter(tags=["agencies"], route_class=OffLoopRoute)


@router.get("/api/agencies", response_model=list[Agency])
def list_agencies(service: ServiceDep,
                  jurisdiction: Annotated[str | None, Query(max_length=MAX_ID, pattern=PATTERN, description="a jurisdiction id", examples=["hanyang"])] = None):
    """Agencies responsible for provisions, each with its normalised type and provisions (with role)."""
    return service.agencies(jurisdiction)


@router.get("/api/agency-types", response_model=list[AgencyType])
def list_agency_types():
    """The agency types agencies are normalised to (市场监管局 and 市场监督管理局 are both
    market_regulation), each with its Chinese and English label."""
    return [{"id": t["id"], "label_zh": t["label_zh"], "label_en": t["label_en"]} for t in agency_types()]
