from fastapi import APIRouter

from app.deps import ServiceDep
from app.schemas import Jurisdiction

router = APIRouter(tags=["jurisdictions"])


@router.get("/api/jurisdictions", response_model=list[Jurisdiction])
def list_jurisdictions(service: ServiceDep):
    """Every jurisdiction, national first. `name_status` is `inferred` where the text does not state the name."""
    return service.jurisdictions()


@router.get("/api/jurisdictions/{jurisdiction_id}", response_model=Jurisdiction)
def get_jurisdiction(jurisdiction_id: str, service: ServiceDep):
    """One jurisdiction by id."""
    return service.jurisdiction(jurisdiction_id)
