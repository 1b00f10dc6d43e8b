from fastapi import APIRouter

from policykg.deps import JurisdictionId, ServiceDep
from policykg.schemas import Jurisdiction, JurisdictionMeasure
from policykg.routes import OffLoopRoute

router = APIRouter(tags=["jurisdictions"], route_class=OffLoopRoute)


@router.get("/api/jurisdictions", response_model=list[Jurisdiction])
def list_jurisdictions(service: ServiceDep):
    """Every jurisdiction, national first. `name_status` is `inferred` where the text does not state the name."""
    return service.jurisdictions()


@router.get("/api/jurisdictions/{jurisdiction_id}", response_model=Jurisdiction)
def get_jurisdiction(jurisdiction_id: JurisdictionId, service: ServiceDep):
    """One jurisdiction by id."""
    return service.jurisdiction(jurisdiction_id)


@router.get("/api/jurisdictions/{jurisdiction_id}/measures", response_model=list[JurisdictionMeasure])
def jurisdiction_measures(jurisdiction_id: JurisdictionId, service: ServiceDep):
    """The measures a jurisdiction adopts, each with its provisions and the matched wording."""
    return service.jurisdiction_measures(jurisdiction_id)
